import Crypto
import Dispatch
import Foundation
import GeoKit

/// The streaming path for the commonest big job: a CSV table of points in,
/// CSV, GeoJSON, GeoJSONSeq or GeoPackage out. OGR's CSV reader and writer build a feature
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

    /// The CSV reader for `request` where the streaming path applies, else nil (the OGR path reads it,
    /// with `note` saying why when it is worth saying): a comma-separated table (by extension, or
    /// `inputFormat` CSV for a pipe), whole or filtered by a clause `RowFilter` evaluates, to CSV,
    /// GeoJSON, GeoJSONSeq, GeoPackage or no feature output.
    static func open(_ request: OverlayRequest, format: OutputFormat?, note: inout String?) throws -> Stream? {
        let isCSV = request.inputFormat.map { $0.uppercased() == "CSV" } ?? request.input.lowercased().hasSuffix(".csv")
        guard isCSV, request.layer == nil, request.sql == nil, DataSourceName.kind(request.input) == .file else {
            return nil
        }
        if let format, ![.csv, .geojson, .geojsonSeq, .geopackage, .postgreSQL].contains(format) { return nil }
        let stream = InputPath.isStream(request.input)
        let hash = format?.carriesProvenance == true || request.hashesInput ? InputHash() : nil
        let blocks = try CSVBlocks.open(request.input, blockSize: blockSize(request.workers)) { hash?.update($0) }
        // OGR also reads `;`- and tab-separated files; those stay on the OGR path (a pipe cannot be read twice).
        if blocks.header.count < 2 && !stream { return nil }
        // One column of "lon,lat", no coordinate columns at all, or rows placed by address: the OGR path.
        let fields = blocks.header.map { FieldDefinition($0, .string) }
        let found = try? CoordinateColumns.find(in: fields, x: request.xField, y: request.yField, file: "")
        if !stream && (found == nil || found?.isPair == true || request.placement?.usesRegister == true) {
            return nil
        }
        // A header below title rows: the OGR path finds it; a pipe's header is its first line.
        if request.headerRow != nil || HeaderRow.looksLikeTitle(blocks.header) {
            guard !stream else {
                throw ZoneFitError(file: request.input, "a pipe's header is its first line", setting: .headerRow)
            }
            return nil
        }
        var filter: RowFilter?
        if let clause = request.whereClause {
            do {
                filter = try RowFilter(clause, fields: blocks.header)
            } catch let error as ZoneFitError {
                throw ZoneFitError(file: request.input, "filter \"\(clause)\": \(error.message)", setting: .filter)
            }
            if filter == nil {
                guard !stream else {
                    throw ZoneFitError(
                        file: request.input,
                        "filter \"\(clause)\" is beyond the simple subset zonefit evaluates itself (=, <>, <, >, IN, LIKE, "
                            + "AND, OR, NOT, IS NULL on text), and OGR cannot read a pipe", setting: .filter)
                }
                note =
                    "note: the filter is beyond the simple subset zonefit evaluates itself; OGR evaluated it (slower)"
                return nil
            }
        }
        return Stream(blocks: blocks, hash: hash, filter: filter)
    }

    /// An opened input: its blocks, the row filter, and, where provenance needs it, the hash taken as they are read.
    struct Stream {
        let blocks: CSVBlocks
        let hash: InputHash?
        let filter: RowFilter?
    }

    /// The input's SHA-256 for a FeatureCollection's provenance, taken block by block as
    /// read (on the reader queue or the caller's, never both at once), not in a pass of its own.
    final class InputHash: @unchecked Sendable {
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
        var rejects: [(entry: RejectsTable.Entry, fields: [String])] = []
        var slices: AnalysisChain.Slices?
        var written = 0
        var filtered = 0
        /// Records the row filter left out: never read, as with OGR's attribute filter.
        var skipped = 0
        var snapped = 0
        var byCell: [Int] = []
        var records = 0
        var error: Error?
    }

    /// `outputCRS`: the CRS of a GeoPackage or PostgreSQL output, as `OutputCRS` resolved it (nil: WGS84).
    static func run(
        _ request: OverlayRequest, _ stream: Stream, layer: ZoneLayer, format: OutputFormat?,
        outputCRS: SpatialReference?, analyses: AnalysisChain, progress: OverlayProgressHandler?
    ) throws -> OverlaySummary {
        let blocks = stream.blocks
        let filter = stream.filter
        let header = blocks.header
        let types = try columnTypes(request, blocks, filter: filter, codes: analyses.codeColumns)
        let inputFields = types.fields(declared: header.map { _ in .string })
        var summary = OverlaySummary()
        let columns = try CoordinateColumns.find(
            in: inputFields, x: request.xField, y: request.yField, file: request.input)
        summary.coordinateColumns = (header[columns.x], header[columns.y])
        let crs = request.sourceCRS ?? summary.datum(named: columns.datum) ?? .wgs84
        summary.sourceCRS = crs.label
        let lonLat = format?.isTabular == true && crs != .wgs84
        let schema = try OverlaySchema(
            request, inputFields: inputFields, fidField: nil, layer: layer, analyses: analyses, polygons: false,
            lonLatColumns: lonLat)
        summary.record(schema, notice: request.notice)

        let files = try OverlayFiles(request, format: format)
        try files.writeColumnTypes(schema.fields)
        let output: BufferedFile?
        let package: GeoPackageWriter?
        let database =
            try format == .postgreSQL
            ? files.openDatabase(fields: schema.fields, geometry: .point, crs: outputCRS) : nil
        let rejects: BufferedFile
        do {
            package = try files.output.flatMap { target in
                try format == .geopackage
                    ? GeoPackageWriter(
                        path: target.temporaryPath, table: OverlayFiles.layerName(target.finalPath),
                        fields: schema.fields, geometry: .point, crs: outputCRS ?? .wgs84()) : nil
            }
            output = package != nil ? nil : try files.output.map { try BufferedFile(path: $0.temporaryPath) }
            rejects = try BufferedFile(path: files.rejects.temporaryPath)
        } catch let error as GeoKitError {
            throw ZoneFitError(
                file: request.output ?? request.rejectsPath, "cannot create the output: \(error.message)")
        }
        switch format {
        case .csv?:
            try output?.write(
                "\u{FEFF}" + schema.fields.map { CSVScanner.quoted($0.name) }.joined(separator: ",") + "\n")
        case .geojson?:
            try output?.write(GeoJSONWriter.head(name: OverlayFiles.layerName(request.output ?? request.input)))
        default: break
        }
        let rejectsHeader = RejectsTable.fields(input: inputFields).map { CSVScanner.quoted($0.name) }
        try rejects.write("\u{FEFF}" + rejectsHeader.joined(separator: ",") + "\n")

        let workers = try (0..<max(1, request.workers)).map { _ in
            try OverlayWorker(
                layer: layer, crs: crs, coordinates: .columns(x: columns.x, y: columns.y),
                snapMetres: request.snapMetres)
        }
        let rows = format.map { RowWriter(layer: layer, header: header, schema: schema, format: $0) }
        let copyFormats = try database.map { database in try workers.map { _ in try database.rowFormat() } }
        var anyFeature = false
        let pool = BufferPool()
        let writer = OrderedWriter()
        // On an early error, let queued writes end before the temporary files go.
        defer { try? writer.finish() }
        nonisolated(unsafe) let outputFileHandle = output
        nonisolated(unsafe) let packageHandle = package
        nonisolated(unsafe) let databaseHandle = database
        nonisolated(unsafe) let rejectsFileHandle = rejects
        var pieces: [Piece] = []
        while try CSVBlocks.reading(
            request.input,
            {
                try blocks.next(pieces: workers.count * piecesPerWorker) { bytes, parts in
                    pieces = parts.map { _ in Piece(slices: analyses.isEmpty ? nil : analyses.makeSlices()) }
                    pieces.withUnsafeMutableBufferPointer { buffer in
                        nonisolated(unsafe) let (buffer, bytes, workers, copyFormats) = (
                            buffer, bytes, workers, copyFormats
                        )
                        PieceQueue.run(parts.count, threads: workers.count) { index, thread in
                            do {
                                try process(
                                    UnsafeRawBufferPointer(rebasing: bytes[parts[index].range]),
                                    from: parts[index].firstNumber,
                                    worker: workers[thread], columns: (columns.x, columns.y), filter: filter,
                                    types: types,
                                    rows: rows, copy: copyFormats?[thread], pool: pool, into: &buffer[index])
                                buffer[index].records = parts[index].records
                            } catch {
                                buffer[index].error = error
                            }
                        }
                    }
                }
            })
        {
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
                    summary.rejectedByReason[reject.entry.reason, default: 0] += 1
                    let fields =
                        RejectsTable.layout.values(reject.entry).map(RowWriter.csvText)
                        + padded(reject.fields, header.count).map(CSVScanner.quoted)
                    rejectLines.append(fields.joined(separator: ",") + "\n")
                }
                if let slices = piece.slices { analyses.merge(slices) }
                summary.read += piece.records - piece.skipped
                summary.written += piece.written
                summary.filtered += piece.filtered
                summary.snapped += piece.snapped
                for (cell, count) in piece.byCell.enumerated() where count > 0 {
                    summary.byUnit[layer.cells[cell].unitIndex, default: 0] += count
                }
            }
            let batch = text
            let lines = rejectLines
            writer.submit {
                for (separated, bytes) in batch {
                    if separated { try outputFileHandle?.write(",\n") }
                    try outputFileHandle?.write(block: bytes)
                    try packageHandle?.insert(bytes)
                    try databaseHandle?.insert(bytes)
                    pool.give(bytes)
                }
                for line in lines { try rejectsFileHandle.write(line) }
            }
            progress?(OverlayProgress(rows: summary.read, fraction: blocks.fractionRead))
        }
        try writer.finish()
        if summary.read == 0 { throw ZoneFitError(file: request.input, "has no rows or features to overlay") }
        summary.suggestAddressTier(
            fields: inputFields, names: analyses.fieldNames ?? request.fieldNames ?? .builtIn, used: false)
        summary.input = stream.hash.map { SourceIdentity(file: request.input, sha256: $0.hex) }
        if format?.carriesProvenance == true, let input = summary.input {
            let provenance = try Provenance(
                command: analyses.command, inputs: [input], scheme: layer.scheme,
                profile: analyses.profile, sourceCRS: crs.label)
            if format == .geojson { try output?.write(GeoJSONWriter.tail(members: [("provenance", provenance.json)])) }
            package?.setMetadata(provenance.json, forKey: FeatureOutputFactory.provenanceKey)
            try database?.close(provenance: provenance.json)
        }
        try output?.close()
        try package?.close()
        try rejects.close()
        try files.publish(rejectsFields: RejectsTable.fields(input: inputFields))
        return summary
    }

    /// The input's column types, from its first rows, where a feature output will show them. The
    /// rows the filter leaves out are not looked at, as on the OGR path.
    private static func columnTypes(
        _ request: OverlayRequest, _ blocks: CSVBlocks, filter: RowFilter?, codes: [String]
    ) throws -> ColumnTypes {
        let columns = blocks.header.count
        guard request.output != nil, request.types != .text else {
            return try ColumnTypes(
                source: request.input, names: blocks.header, sample: .init(columns: columns), choice: .text)
        }
        do {
            let sample = try blocks.withSample(records: ColumnTypes.sampleRows) { bytes in
                ColumnTypes.Sample(columns: columns, csv: bytes) { record, fields in
                    filter?.matches({ field(bytes, record, fields, $0).text }) ?? true
                }
            }
            return try ColumnTypes(
                source: request.input, names: blocks.header, sample: sample, choice: request.types, codes: codes)
        } catch let error as GeoKitError {
            throw ZoneFitError(file: request.input, error.message)
        }
    }

    /// Parses, places, judges and formats the records of one piece (one worker, one thread).
    private static func process(
        _ bytes: UnsafeRawBufferPointer, from firstNumber: Int, worker: OverlayWorker,
        columns: (x: Int, y: Int), filter: RowFilter?, types: ColumnTypes, rows: RowWriter?, copy: PostgresRowFormat?,
        pool: BufferPool, into piece: inout Piece
    ) throws {
        let output = rows.map { pool.take(capacity: $0.outputSize(forInput: bytes.count)) }
        piece.output = output
        piece.byCell = Array(repeating: 0, count: worker.cellCount)
        // One check for the whole piece: a valid piece has only valid records.
        let utf8 = CSVScanner.isUTF8(bytes)
        // Taken once for the piece, and below called in place (`?.`), not bound per row: a copy
        // of the slices or of the row writer counts every reference they hold, for every row.
        let slices = piece.slices
        let typed = !types.typedColumns.isEmpty
        var number = firstNumber
        var first = true
        try CSVScanner.forEachRecord(bytes) { record, fields in
            defer { number += 1 }
            if let filter, !filter.matches({ field(bytes, record, fields, $0).text }) {
                piece.skipped += 1
                return
            }
            let placement: Placement
            if let x = plainNumber(bytes, fields, columns.x), let y = plainNumber(bytes, fields, columns.y) {
                placement = try worker.placePoint(x: x, y: y)
            } else {
                placement = try worker.placeCells(
                    x: field(bytes, record, fields, columns.x), y: field(bytes, record, fields, columns.y))
            }
            switch placement {
            case .rejected(let reason, let detail):
                piece.rejects.append(
                    (
                        RejectsTable.Entry(number: number, fid: Int64(number), reason: reason, detail: detail),
                        texts(bytes, record, fields)
                    ))
            case .point(let cell, let lon, let lat, let snapped):
                var added: [FieldValue] = []
                if slices != nil {
                    let row = InputRow(CSVRecordRow(bytes: bytes, record: record, fields: fields, number: number))
                    guard
                        let values = try slices?.values(
                            for: row, at: PlacedRow(cellIndex: cell, lon: lon, lat: lat, worker: worker))
                    else {
                        piece.filtered += 1
                        return
                    }
                    added = values
                }
                if let output {
                    // A typed column's later cell must fit its type: the output's schema is already written.
                    if typed, let misfit = types.misfit(bytes, record, fields) {
                        throw types.mismatch(row: number, column: misfit.column, cell: misfit.text)
                    }
                    try rows?.append(
                        bytes, record, fields, utf8: utf8, number: number, cell: cell, added: added, lon: lon, lat: lat,
                        snapped: snapped, first: first, copy: copy, to: output)
                }
                first = false
                piece.written += 1
                piece.byCell[cell] += 1
                if snapped != nil { piece.snapped += 1 }
            // Points only: the streaming path reads coordinate cells, and leaves registers placed by address to OGR's.
            case .polygon, .described: break
            }
        }
    }

    /// A coordinate cell written as a plain decimal, read without making a String.
    static func plainNumber(_ bytes: UnsafeRawBufferPointer, _ fields: CSVScanner.Fields, _ index: Int)
        -> Double?
    {
        guard index < fields.count, !fields.isEscaped(index), !fields.irregular else { return nil }
        return DecimalText.parse(UnsafeRawBufferPointer(rebasing: bytes[fields[index]]))
    }

    /// A record's field as OGR gives it: missing trailing fields are null.
    static func field(_ bytes: UnsafeRawBufferPointer, _ record: Range<Int>, _ fields: CSVScanner.Fields, _ index: Int)
        -> FieldValue
    {
        guard fields.irregular else {
            return index < fields.count ? .string(CSVScanner.text(bytes, fields, index)) : .null
        }
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
