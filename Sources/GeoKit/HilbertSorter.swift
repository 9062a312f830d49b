import Foundation

/// Collects R-tree cells as rows are written and hands them back in the
/// Hilbert order of their boxes' centres, in bounded memory: up to a chunk of
/// cells stay in memory; beyond it they are spooled to an anonymous temporary
/// file (`tmpfile`: gone when closed, even if the run is killed), then sorted
/// a chunk at a time into runs and merged.
///
/// Hand-written: the Hilbert key needs the extent of every row, known only at
/// the end, so the cells cannot be sorted as they come; SQLite's own sorter
/// (an ORDER BY over the written table) took three times as long.
final class HilbertSorter {
    /// A cell and, once the extent is known, its key.
    private struct Entry {
        var key: Int64
        var cell: RTreeCell
    }

    /// 32-byte entries: half a million is 16 MiB, sorted in place.
    private let chunkSize: Int
    private var chunk: [Entry] = []
    private var spool: UnsafeMutablePointer<FILE>?
    private(set) var count = 0
    /// The smallest and largest id appended.
    private(set) var ids: ClosedRange<Int64>?

    init(chunkSize: Int) {
        self.chunkSize = max(1, chunkSize)
        chunk.reserveCapacity(min(self.chunkSize, 1 << 16))
    }

    deinit {
        if let spool { fclose(spool) }
    }

    func append(_ cell: RTreeCell) throws {
        chunk.append(Entry(key: 0, cell: cell))
        count += 1
        ids = ids.map { min($0.lowerBound, cell.id)...max($0.upperBound, cell.id) } ?? cell.id...cell.id
        if chunk.count == chunkSize { try spill(to: openSpool()) }
    }

    private func openSpool() throws -> UnsafeMutablePointer<FILE> {
        if let spool { return spool }
        guard let file = tmpfile() else { throw GeoKitError(.system, "cannot make a temporary file for the R-tree") }
        spool = file
        return file
    }

    /// Writes the chunk's cells to `file` and empties it.
    private func spill(to file: UnsafeMutablePointer<FILE>) throws {
        let written = chunk.withUnsafeBufferPointer {
            fwrite($0.baseAddress, MemoryLayout<Entry>.stride, $0.count, file)
        }
        guard written == chunk.count else {
            throw GeoKitError(.system, "cannot write the R-tree's temporary file (\(String(cString: strerror(errno))))")
        }
        chunk.removeAll(keepingCapacity: true)
    }

    /// Every cell, in Hilbert order over `extent`.
    func forEachInOrder(in extent: GeoPackageBlob.Envelope, _ body: (RTreeCell) throws -> Void) throws {
        guard let spool else {
            sortChunk(in: extent)
            for entry in chunk { try body(entry.cell) }
            return
        }
        // Sorted runs of a chunk each, one after the other in a second file, then merged.
        try spill(to: spool)
        try Self.flush(spool)
        guard let runs = tmpfile() else { throw GeoKitError(.system, "cannot make a temporary file for the R-tree") }
        defer { fclose(runs) }
        var lengths: [Int] = []
        var sorted = 0
        while sorted < count {
            chunk = try Self.read(spool, upTo: min(chunkSize, count - sorted))
            sortChunk(in: extent)
            lengths.append(chunk.count)
            sorted += chunk.count
            try spill(to: runs)
        }
        fclose(spool)
        self.spool = nil
        try Self.flush(runs)
        try Self.merge(runs, lengths: lengths, body)
    }

    private static func key(_ cell: RTreeCell, _ extent: GeoPackageBlob.Envelope) -> Int64 {
        GeoPackageRTree.hilbertIndex(
            GeoPackageBlob.Envelope(
                minX: Double(cell.minX), maxX: Double(cell.maxX), minY: Double(cell.minY), maxY: Double(cell.maxY)),
            in: extent)
    }

    /// Keys the chunk's entries and sorts them, in place.
    private func sortChunk(in extent: GeoPackageBlob.Envelope) {
        for index in chunk.indices { chunk[index].key = Self.key(chunk[index].cell, extent) }
        chunk.sort { $0.key < $1.key }
    }

    /// Writes out what the file buffers (a full disk shows here, not in `fwrite`) and goes back to its start.
    private static func flush(_ file: UnsafeMutablePointer<FILE>) throws {
        guard fflush(file) == 0, fseeko(file, 0, SEEK_SET) == 0 else {
            throw GeoKitError(.system, "cannot write the R-tree's temporary file (\(String(cString: strerror(errno))))")
        }
    }

    /// Exactly `count` entries from the file's position; anything short is an error, not an end.
    private static func read(_ file: UnsafeMutablePointer<FILE>, upTo count: Int) throws -> [Entry] {
        let cells = [Entry](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = fread(buffer.baseAddress, MemoryLayout<Entry>.stride, count, file)
        }
        guard cells.count == count else { throw GeoKitError(.system, "cannot read the R-tree's temporary file") }
        return cells
    }

    /// A k-way merge of the sorted runs, each read a block at a time, through a binary heap of
    /// the runs by their next entry's key.
    private static func merge(
        _ file: UnsafeMutablePointer<FILE>, lengths: [Int], _ body: (RTreeCell) throws -> Void
    ) throws {
        var merger = try RunMerger(file, lengths: lengths)
        while let cell = try merger.next() { try body(cell) }
    }

    /// The state of `merge`, in a struct: its methods change it with no exclusivity checks at run time,
    /// which nested functions sharing local variables cost on every entry.
    private struct RunMerger {
        struct Run {
            var next: Int  // the file position, in entries, of the block after `block`
            var left: Int  // entries of the run not yet read into `block`
            var block: [Entry] = []
            var index = 0
        }
        static let blockSize = 1 << 14
        let file: UnsafeMutablePointer<FILE>
        var runs: [Run]
        var heap: [Int] = []

        init(_ file: UnsafeMutablePointer<FILE>, lengths: [Int]) throws {
            self.file = file
            var start = 0
            runs = lengths.map { length in
                defer { start += length }
                return Run(next: start, left: length)
            }
            for index in runs.indices where try refill(index) { heap.append(index) }
            for index in stride(from: heap.count / 2, through: 0, by: -1) { siftDown(index) }
        }

        /// Reads run `index`'s next block; false when it has none.
        mutating func refill(_ index: Int) throws -> Bool {
            guard runs[index].left > 0 else { return false }
            guard fseeko(file, off_t(runs[index].next * MemoryLayout<Entry>.stride), SEEK_SET) == 0 else {
                throw GeoKitError(.system, "cannot read the R-tree's temporary file")
            }
            let block = try HilbertSorter.read(file, upTo: min(Self.blockSize, runs[index].left))
            runs[index].next += block.count
            runs[index].left -= block.count
            runs[index].block = block
            runs[index].index = 0
            return !block.isEmpty
        }

        func key(_ slot: Int) -> Int64 {
            let run = heap[slot]
            return runs[run].block[runs[run].index].key
        }

        mutating func siftDown(_ start: Int) {
            var parent = start
            while true {
                var smallest = parent
                let (left, right) = (2 * parent + 1, 2 * parent + 2)
                if left < heap.count && key(left) < key(smallest) { smallest = left }
                if right < heap.count && key(right) < key(smallest) { smallest = right }
                if smallest == parent { return }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }

        /// The next cell in key order, or nil when every run is done.
        mutating func next() throws -> RTreeCell? {
            guard let top = heap.first else { return nil }
            let cell = runs[top].block[runs[top].index].cell
            runs[top].index += 1
            if runs[top].index == runs[top].block.count, try !refill(top) {
                heap.swapAt(0, heap.count - 1)
                heap.removeLast()
            }
            if !heap.isEmpty { siftDown(0) }
            return cell
        }
    }
}
