import Dispatch
import Foundation

/// A CSV file read as blocks of whole records, each block cut into pieces of
/// similar size for workers on several threads; the next block is read on a
/// thread of its own while the caller works on the current one. Memory holds
/// one block and the one being read, whatever the file's size.
///
/// Records are read as OGR's CSV driver reads them (see `CSVScanner`); the
/// header is the first record, less a UTF-8 BOM.
public final class CSVBlocks {
    /// One piece of a block: its bytes' range in the block, its non-blank record
    /// count and the 1-based number of its first record.
    public struct Piece: Sendable {
        public var range: Range<Int>
        public var records: Int
        public var firstNumber: Int
    }

    public let path: String
    public private(set) var header: [String] = []
    /// The file's size in bytes, and how many have been handed out, for progress.
    public let size: Int
    public private(set) var consumed = 0
    /// Records handed out so far.
    public private(set) var records = 0

    private let file: BlockReader
    private let blockSize: Int
    private let observe: (@Sendable ([UInt8]) -> Void)?
    private var pending: [UInt8] = []
    private var finished = false
    private let reader = DispatchQueue(label: "zonefit.csv-reader")
    private static let longestRecord = 64 << 20

    /// `observe` sees every byte of the file in order as it is read (to hash it, say),
    /// on the reading thread.
    public init(path: String, blockSize: Int = 8 << 20, observe: (@Sendable ([UInt8]) -> Void)? = nil) throws {
        self.path = path
        file = try BlockReader(path: path)
        self.blockSize = blockSize
        self.observe = observe
        size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        try fill(1 << 16)
        if pending.starts(with: [0xEF, 0xBB, 0xBF]) {
            pending.removeFirst(3)
            consumed = 3
        }
        var headerEnd = pending.withUnsafeBytes { CSVScanner.firstRecordEnd($0) }
        while headerEnd == nil && !finished {
            try fill(pending.count * 2)
            headerEnd = pending.withUnsafeBytes { CSVScanner.firstRecordEnd($0) }
        }
        guard let headerEnd, let header = pending[..<headerEnd].withUnsafeBytes({ CSVScanner.records($0) }).first else {
            throw GeoKitError(.system, "has no header row")
        }
        self.header = header
        pending.removeFirst(headerEnd)
        consumed += headerEnd
    }

    /// Calls `body` with the next block and its pieces (at most `pieces`), reading the
    /// block after it meanwhile; false at the end of the file.
    public func next(pieces: Int, _ body: (UnsafeRawBufferPointer, [Piece]) throws -> Void) throws -> Bool {
        try fill(blockSize)
        guard !pending.isEmpty else { return false }
        var parts = pending.withUnsafeBytes { CSVScanner.split($0, pieces: pieces) }
        while parts.isEmpty {
            // A record longer than the block: a quote never closed, most likely. The search
            // for its end stops at the end of the file or after 64 MiB, so memory stays bounded.
            guard !finished else { throw GeoKitError(.system, "row \(records + 1): unterminated quoted field") }
            guard pending.count < blockSize + Self.longestRecord else {
                throw GeoKitError(
                    .system, "row \(records + 1): a quoted field runs on for more than 64 MiB (a quote never closed?)")
            }
            try fill(pending.count * 2)
            parts = pending.withUnsafeBytes { CSVScanner.split($0, pieces: pieces) }
        }
        var number = records + 1
        let numbered = parts.map { part in
            defer { number += part.records }
            return Piece(range: part.range, records: part.records, firstNumber: number)
        }
        let ahead = ReadAhead()
        let reading = DispatchGroup()
        if !finished {
            let (file, observe, count) = (file, observe, blockSize)
            reader.async(group: reading) {
                do {
                    ahead.data = try file.read(upTo: count)
                    observe?(ahead.data)
                } catch {
                    ahead.error = error
                }
            }
        }
        // The read ahead must end before this returns, even when `body` throws.
        defer { reading.wait() }
        try pending.withUnsafeBytes { try body($0, numbered) }
        reading.wait()
        if let error = ahead.error { throw error }
        let complete = numbered.last!.range.upperBound
        pending.removeFirst(complete)
        consumed += complete
        records = number - 1
        if !finished { accept(ahead.data) }
        return true
    }

    /// `body` on the bytes of the first `count` whole records, read ahead but not handed out
    /// (within the first `byteLimit` bytes after the header): what a rule that types the columns
    /// looks at before the rows are processed. Works on a pipe: nothing is read twice.
    public func withSample<Result>(
        records count: Int, byteLimit: Int = 16 << 20, _ body: (UnsafeRawBufferPointer) throws -> Result
    ) throws -> Result {
        /// Where the `count`-th line end is, if it is read.
        func end() -> Int? {
            pending.withUnsafeBytes { bytes in
                var seen = 0
                for index in bytes.indices where bytes[index] == 10 {
                    seen += 1
                    if seen == count { return index + 1 }
                }
                return nil
            }
        }
        var cut = end()
        while cut == nil && !finished && pending.count < byteLimit {
            try fill(min(byteLimit, max(pending.count * 2, 1 << 20)))
            cut = end()
        }
        return try pending.withUnsafeBytes { bytes in
            let head = UnsafeRawBufferPointer(rebasing: bytes[..<min(cut ?? bytes.count, byteLimit, bytes.count)])
            // Whole records only: a quoted line break may fall at the cut.
            let complete = CSVScanner.split(head, pieces: 1).last?.range.upperBound ?? 0
            return try body(UnsafeRawBufferPointer(rebasing: head[..<complete]))
        }
    }

    /// A block read ahead; read after the reading group is waited on.
    private final class ReadAhead: @unchecked Sendable {
        var data: [UInt8] = []
        var error: Error?
    }

    /// Appends what a read returned; an empty read is the end (a last record gets its line end).
    private func accept(_ data: [UInt8]) {
        guard !data.isEmpty else {
            finished = true
            if pending.last != UInt8(ascii: "\n") && !pending.isEmpty { pending.append(UInt8(ascii: "\n")) }
            return
        }
        pending.append(contentsOf: data)
    }

    private func fill(_ minimum: Int) throws {
        while !finished && pending.count < minimum {
            let data = try file.read(upTo: max(minimum - pending.count, 1 << 20))
            observe?(data)
            accept(data)
        }
    }
}

extension CSVBlocks {
    /// The share of the file handed out so far, for progress.
    public var fractionRead: Double? { size > 0 ? min(1, Double(consumed) / Double(size)) : nil }
}
