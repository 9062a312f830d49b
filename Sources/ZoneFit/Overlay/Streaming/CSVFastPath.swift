import Crypto
import Dispatch
import Foundation
import GeoKit

/// The streaming path for the commonest big job: a CSV table of points in,
/// CSV, GeoJSON or GeoJSONSeq out. OGR's CSV reader and writer build a feature
/// and set every field through the C API row by row, single-threaded; here the
/// bytes are split at record boundaries on one thread, and parsing, locating
/// and formatting run on all cores, with results written in input order.
///
/// It has the same semantics as the OGR path (`CSVScanner` reads records as
/// OGR's CSV driver does; the CLI tests run both on the fixtures), and is used
/// only where it applies: see `applies(to:format:)`.
enum CSVFastPath {
    /// A round reads 4 MiB per worker, cut into four pieces per worker: small pieces,
    /// taken by whichever worker is free, keep a worker slowed by the writer sharing its
    /// core from holding up the round.
    static func blockSize(_ workers: Int) -> Int { (4 << 20) * max(1, workers) }
    static let piecesPerWorker = 4

    static func applies(to request: OverlayRequest, format: OutputFormat, hasExtension: Bool) -> Bool {
        request.input.lowercased().hasSuffix(".csv") && request.layer == nil && request.whereClause == nil
            && !hasExtension && [.csv, .geojson, .geojsonSeq].contains(format) && commaSeparated(request.input)
    }

    /// OGR also reads `;`- and tab-separated files; those stay on the OGR path.
    private static func commaSeparated(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path), let head = try? handle.read(upToCount: 65_536) else { return false }
        try? handle.close()
        let line = head.prefix { $0 != UInt8(ascii: "\n") }
        return line.contains(UInt8(ascii: ","))
    }

    /// The input's SHA-256 for a FeatureCollection's provenance, taken block by block as
    /// read (on the reader queue or the caller's, never both at once), not in a pass of its own.
    private final class InputHash: @unchecked Sendable {
        private var hasher = SHA256()
        func update(_ data: [UInt8]) { hasher.update(data: data) }
        var hex: String { Provenance.hex(hasher) }
    }

    /// Output buffers handed back by the writer once written, for later rounds' workers.
    private final class BufferPool: @unchecked Sendable {
        private let lock = NSLock()
        private var free: [ByteBuffer] = []

        func take(capacity: Int) -> ByteBuffer {
            guard let buffer = lock.withLock({ free.popLast() }) else { return ByteBuffer(capacity: capacity) }
            buffer.removeAll()
            buffer.reserve(capacity)
            return buffer
        }

        func give(_ buffer: ByteBuffer) { lock.withLock { free.append(buffer) } }
    }

    /// One piece of a round: the output bytes and what went where.
    private struct Piece {
        var output: ByteBuffer?
        var rejects: [(number: Int, reason: RejectReason, detail: String, fields: [String])] = []
        var written = 0
        var snapped = 0
        var byCell: [Int] = []
        var records = 0
        var error: Error?
    }

    static func run(_ request: OverlayRequest, layer: ZoneLayer, format: OutputFormat,
                    progress: OverlayProgressHandler?) throws -> OverlaySummary {
        let hash = format == .geojson ? InputHash() : nil
        let blocks = try CSVBlocks.open(request.input, blockSize: blockSize(request.workers)) { hash?.update($0) }
        let header = blocks.header
        let inputFields = header.map { FieldDefinition($0, .string) }
        var summary = OverlaySummary()
        let columns = try CoordinateColumns.find(in: inputFields, x: request.xField, y: request.yField, file: request.input)
        summary.coordinateColumns = (header[columns.x], header[columns.y])
        let crs = request.sourceCRS ?? .wgs84
        summary.sourceCRS = crs.label
        let schema = OverlaySchema(
            inputFields: inputFields, fidField: nil, layer: layer, extensionFields: [],
            snapping: request.snapMetres != nil, polygons: false, lonLatColumns: format.isTabular && crs != .wgs84)
        summary.renamedFields = schema.renamed

        let outputFile = try AtomicOutput(request.output)
        let rejectsFile = try AtomicOutput(request.rejectsPath)
        let output: BufferedFile, rejects: BufferedFile
        do {
            output = try BufferedFile(path: outputFile.temporaryPath)
            rejects = try BufferedFile(path: rejectsFile.temporaryPath)
        } catch let error as GeoKitError {
            throw ZoneFitError(file: request.output, "cannot create the output: \(error.message)")
        }
        switch format {
        case .csv: try output.write("\u{FEFF}" + schema.fields.map { CSVScanner.quoted($0.name) }.joined(separator: ",") + "\n")
        case .geojson:
            let name = URL(fileURLWithPath: request.output).deletingPathExtension().lastPathComponent
            try output.write(GeoJSONWriter.head(name: name))
        default: break
        }
        try rejects.write("\u{FEFF}" + (["row", "fid", "reason", "detail"] + header).map(CSVScanner.quoted).joined(separator: ",") + "\n")

        let workers = try (0..<max(1, request.workers)).map { _ in
            try OverlayWorker(layer: layer, crs: crs, coordinates: .columns(x: columns.x, y: columns.y), snapMetres: request.snapMetres)
        }
        let rows = RowWriter(layer: layer, header: header, schema: schema, format: format,
                             snapping: request.snapMetres != nil, lonLat: format.isTabular && crs != .wgs84)
        var anyFeature = false
        let pool = BufferPool()
        let writer = OrderedWriter()
        // On an early error, let queued writes end before the temporary files go.
        defer { try? writer.finish() }
        nonisolated(unsafe) let outputFileHandle = output, rejectsFileHandle = rejects
        var pieces: [Piece] = []
        while try CSVBlocks.reading(request.input, {
            try blocks.next(pieces: workers.count * piecesPerWorker) { bytes, parts in
                pieces = [Piece](repeating: Piece(), count: parts.count)
                pieces.withUnsafeMutableBufferPointer { buffer in
                    nonisolated(unsafe) let (buffer, bytes, workers) = (buffer, bytes, workers)
                    PieceQueue.run(parts.count, threads: workers.count) { index, thread in
                        do {
                            buffer[index] = try process(
                                UnsafeRawBufferPointer(rebasing: bytes[parts[index].range]), from: parts[index].firstNumber,
                                worker: workers[thread], columns: columns, rows: rows, pool: pool)
                            buffer[index].records = parts[index].records
                        } catch {
                            buffer[index].error = error
                        }
                    }
                }
            }
        }) {
            if let error = pieces.lazy.compactMap(\.error).first { throw error }
            // In input order: the counts here, the bytes on the writer thread while the next batch is placed.
            var text: [(separated: Bool, bytes: ByteBuffer)] = []
            var rejectLines: [String] = []
            for piece in pieces {
                if let output = piece.output {
                    if output.isEmpty {
                        pool.give(output)
                    } else {
                        text.append((format == .geojson && anyFeature, output))
                        anyFeature = true
                    }
                }
                for reject in piece.rejects {
                    summary.rejectedByReason[reject.reason, default: 0] += 1
                    let fields = [String(reject.number), String(reject.number), reject.reason.rawValue, reject.detail]
                        + padded(reject.fields, header.count)
                    rejectLines.append(fields.map(CSVScanner.quoted).joined(separator: ",") + "\n")
                }
                summary.read += piece.records
                summary.written += piece.written
                summary.snapped += piece.snapped
                for (cell, count) in piece.byCell.enumerated() where count > 0 {
                    summary.byUnit[layer.cells[cell].unitIndex, default: 0] += count
                }
            }
            let batch = text, lines = rejectLines
            writer.submit {
                for (separated, bytes) in batch {
                    if separated { try outputFileHandle.write(",\n") }
                    try outputFileHandle.write(block: bytes)
                    pool.give(bytes)
                }
                for line in lines { try rejectsFileHandle.write(line) }
            }
            progress?(OverlayProgress(rows: summary.read, fraction: blocks.fractionRead))
        }
        try writer.finish()
        if summary.read == 0 { throw ZoneFitError(file: request.input, "has no rows or features to overlay") }
        if let hash {
            // Only a FeatureCollection carries provenance.
            let provenance = try Provenance(command: "overlay", inputs: [(request.input, hash.hex)], scheme: layer.scheme,
                                            sourceCRS: crs.label)
            try output.write(GeoJSONWriter.tail(members: [("provenance", provenance.json)]))
        }
        try output.close()
        try rejects.close()
        try outputFile.publish()
        try rejectsFile.publish()
        return summary
    }

    /// Parses, places and formats the records of one piece (one worker, one thread).
    private static func process(_ bytes: UnsafeRawBufferPointer, from firstNumber: Int, worker: OverlayWorker,
                                columns: (x: Int, y: Int), rows: RowWriter, pool: BufferPool) throws -> Piece {
        var piece = Piece()
        let output = pool.take(capacity: rows.outputSize(forInput: bytes.count))
        piece.output = output
        piece.byCell = Array(repeating: 0, count: worker.cellCount)
        // One check for the whole piece: a valid piece has only valid records.
        let utf8 = CSVScanner.isUTF8(bytes)
        var number = firstNumber
        var first = true
        try CSVScanner.forEachRecord(bytes) { record, fields in
            defer { number += 1 }
            let placement: Placement
            if let x = plainNumber(bytes, fields, columns.x), let y = plainNumber(bytes, fields, columns.y) {
                placement = try worker.placePoint(x: x, y: y)
            } else {
                placement = try worker.placeCells(
                    x: field(bytes, record, fields, columns.x), y: field(bytes, record, fields, columns.y))
            }
            switch placement {
            case .rejected(let reason, let detail):
                piece.rejects.append((number, reason, detail, texts(bytes, record, fields)))
            case .point(let cell, let lon, let lat, let snapped):
                rows.append(bytes, record, fields, utf8: utf8, number: number, cell: cell, lon: lon, lat: lat,
                            snapped: snapped, first: first, to: output)
                first = false
                piece.written += 1
                piece.byCell[cell] += 1
                if snapped != nil { piece.snapped += 1 }
            case .polygon: break
            }
        }
        return piece
    }

    /// A coordinate cell written as a plain decimal, read without making a String.
    private static func plainNumber(_ bytes: UnsafeRawBufferPointer, _ fields: CSVScanner.Fields, _ index: Int) -> Double? {
        guard index < fields.count, !fields.isEscaped(index), !fields.irregular else { return nil }
        return DecimalText.parse(UnsafeRawBufferPointer(rebasing: bytes[fields[index]]))
    }

    /// A record's field as OGR gives it: missing trailing fields are null.
    static func field(_ bytes: UnsafeRawBufferPointer, _ record: Range<Int>, _ fields: CSVScanner.Fields, _ index: Int) -> FieldValue {
        guard fields.irregular else { return index < fields.count ? .string(CSVScanner.text(bytes, fields, index)) : .null }
        let texts = texts(bytes, record, fields)
        return index < texts.count ? .string(texts[index]) : .null
    }

    /// Every field's text; an irregular record is re-read the slow, exact way.
    static func texts(_ bytes: UnsafeRawBufferPointer, _ record: Range<Int>, _ fields: CSVScanner.Fields) -> [String] {
        if fields.irregular {
            let line = Array(UnsafeRawBufferPointer(rebasing: bytes[record])) + [UInt8(ascii: "\n")]
            return line.withUnsafeBytes { CSVScanner.records($0).first ?? [] }
        }
        return (0..<fields.count).map { CSVScanner.text(bytes, fields, $0) }
    }

    /// Exactly `count` fields: short records padded with empty text, extra fields dropped (as OGR does).
    static func padded(_ fields: [String], _ count: Int) -> [String] {
        fields.count >= count ? Array(fields.prefix(count)) : fields + Array(repeating: "", count: count - fields.count)
    }
}
