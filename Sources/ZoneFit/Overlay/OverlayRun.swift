import Dispatch
import Foundation
import GeoKit

/// The overlay pipeline: read → place on all cores, where the analyses judge
/// and count each placed row → write in input order. A CSV of points takes the
/// streaming path (`CSVFastPath`); everything else is read through OGR here,
/// in batches.
public enum OverlayRun {
    public static func run(
        _ request: OverlayRequest, layer: ZoneLayer, analyses: [any PlacementAnalysis] = [],
        progress: OverlayProgressHandler? = nil
    ) throws -> OverlaySummary {
        let chain = AnalysisChain(analyses: analyses)
        let format = try request.output.map { try OutputFormat.resolve(path: $0, format: request.format) }
        // Resolved once, so a CRS the output cannot take is refused before anything is read.
        let outputCRS = try format.flatMap { format in
            try request.output.map { try OutputCRS.resolve(request.targetCRS, format: format, output: $0) }
        }
        var note: String?
        if request.fastPath, let stream = try CSVFastPath.open(request, format: format, note: &note) {
            return try CSVFastPath.run(
                request, stream, layer: layer, format: format, outputCRS: outputCRS, analyses: chain,
                progress: progress)
        }
        try InputPath.requireOGRReadable(request.input)
        var summary = try runThroughOGR(
            request, layer: layer, format: format, outputCRS: outputCRS, analyses: chain, progress: progress)
        if let note { summary.notes.append(note) }
        return summary
    }

    private static func runThroughOGR(
        _ request: OverlayRequest, layer: ZoneLayer, format: OutputFormat?, outputCRS: SpatialReference?,
        analyses: AnalysisChain,
        progress: OverlayProgressHandler?
    ) throws -> OverlaySummary {
        let source = try openSource(request, layer: layer)
        var summary = OverlaySummary()
        summary.tell(source.notes, notice: request.notice)
        let (coordinates, found, register) = try locating(
            source, request, names: analyses.fieldNames ?? request.fieldNames ?? .builtIn, layer: layer)
        if let found {
            summary.coordinateColumns = (source.fields[found.x].name, source.fields[found.y].name)
        }
        if case .none = coordinates { summary.withoutCoordinates = true }
        let crs = try request.sourceCRS ?? summary.datum(named: found?.datum) ?? layerCRS(source, coordinates) ?? .wgs84
        summary.sourceCRS = crs.label
        let polygons: Bool
        if case .geometry = coordinates { polygons = !source.declaresPoints } else { polygons = false }

        // The first batch is read before the output exists: the types of its text fields come from it.
        let sample = try read(source, request, batch: max(request.batchSize, ColumnTypes.sampleRows))
        var firstBatch: (features: [SourceFeature], cells: [Int?]?)? = sample
        let types = try columnTypes(request, source, sample: sample.features, codes: analyses.codeColumns)
        let schema = try OverlaySchema(
            request, inputFields: types.fields(declared: source.fields.map(\.type)),
            fidField: format?.keepsFeatureID == false ? source.fidColumn : nil,
            layer: layer, analyses: analyses, polygons: polygons,
            lonLatColumns: format?.isTabular == true && !(crs == .wgs84 && summary.coordinateColumns != nil),
            describing: register != nil)
        summary.record(schema, notice: request.notice)
        // A file is hashed by its bytes; a database by its rows, as the workers place them.
        let fileIdentity =
            DataSourceName.kind(request.input) == .connection
            ? nil : SourceIdentity(file: request.input, sha256: try Provenance.sha256(of: request.input))
        var digests =
            fileIdentity == nil ? [RowSetDigest](repeating: RowSetDigest(), count: max(1, request.workers)) : nil
        let files = try OverlayFiles(request, format: format)
        try files.writeColumnTypes(schema.fields, wkt: polygons)
        let output = try format.flatMap {
            try files.openOutput(
                format: $0, fields: schema.fields, polygons: polygons, mixed: polygons && !source.declaresPolygons,
                crs: outputCRS, shapefile: request.shapefile)
        }
        let rejects = try RejectsTable(path: files.rejects.temporaryPath, inputFields: source.fields)
        let apportion = try files.apportion.map { try ApportionTable(path: $0.temporaryPath) }

        let workers = try (0..<max(1, request.workers)).map { _ in
            try OverlayWorker(
                layer: layer, crs: crs, coordinates: coordinates, snapMetres: request.snapMetres, register: register)
        }
        let total = progress == nil ? nil : source.reader.cheapFeatureCount
        let ahead = BatchPrefetch { try read(source, request, batch: request.batchSize) }
        while true {
            let (batch, cells) = try firstBatch ?? ahead.next { $0.features.isEmpty }
            firstBatch = nil
            if batch.isEmpty { break }
            let placed = try placeInParallel(batch, cells: cells, workers, analyses, digests: &digests)
            for (feature, row) in zip(batch, placed) {
                summary.read += 1
                if let check = row.check { summary.addressChecks[check, default: 0] += 1 }
                if feature.droppedZM { summary.droppedZM += 1 }
                if case .rejected(let reason, let detail) = row.placement {
                    summary.rejectedByReason[reason, default: 0] += 1
                    try rejects.write(
                        RejectsTable.Entry(feature, reason: reason, detail: detail), fields: feature.values)
                } else if let extra = row.extra {
                    summary.written += 1
                    try write(types.typed(feature), row.placement, extra, schema, output, apportion, layer, &summary)
                } else {
                    summary.filtered += 1
                }
            }
            progress?(
                OverlayProgress(
                    rows: summary.read, fraction: total.map { min(1, Double(summary.read) / Double(max($0, 1))) }))
        }
        if summary.read == 0 {
            throw ZoneFitError(file: request.input, "has no rows or features to overlay")
        }
        summary.suggestAddressTier(
            fields: source.fields, names: analyses.fieldNames ?? request.fieldNames ?? .builtIn,
            used: request.placement?.address == true)
        summary.input =
            fileIdentity
            ?? SourceIdentity(
                rowsOf: request.source, digest: digests?.reduce(into: RowSetDigest()) { $0.merge($1) } ?? .init())
        let provenance = try Provenance(
            command: analyses.command, inputs: summary.input.map { [$0] } ?? [], scheme: layer.scheme,
            profile: analyses.profile, sourceCRS: crs.label)
        try output?.close(provenance: provenance.json)
        summary.notes += output?.notes ?? []
        try rejects.close()
        try apportion?.close()
        try files.publish(rejectsFields: RejectsTable.fields(input: source.fields))
        return summary
    }

    /// How the rows give their place: a geometry, coordinate columns (`found`), or, in a table without them,
    /// their register entries; and the address and USCC tiers where the request (or, without coordinate
    /// columns, the default: the address) asks for them and the input has the columns.
    private static func locating(
        _ source: OverlaySource, _ request: OverlayRequest, names: FieldNames, layer: ZoneLayer
    )
        throws -> (CoordinateSource, found: CoordinateColumns.Found?, RegisterPlacement?)
    {
        func register(_ tiers: PlacementTiers) throws -> RegisterPlacement? {
            do {
                return try RegisterPlacement(tiers: tiers, fields: source.fields, names: names, layer: layer)
            } catch let error as ZoneFitError {
                throw error.about(file: request.input)
            }
        }
        if source.hasGeometryField && request.xField == nil && request.yField == nil {
            return (.geometry, nil, try register(request.placement ?? .coordinatesOnly))
        }
        do {
            let found = try CoordinateColumns.find(
                in: source.fields, x: request.xField, y: request.yField, file: request.input)
            return (found.source, found, try register(request.placement ?? .coordinatesOnly))
        } catch let error as ZoneFitError where error.setting == .coordinateColumns {
            guard let entries = try register(request.placement ?? PlacementTiers(address: true, uscc: false)) else {
                throw error
            }
            return (.none, nil, entries)
        }
    }

    /// The next batch of the source's features (and their cells where the database placed them).
    private static func read(_ source: OverlaySource, _ request: OverlayRequest, batch: Int) throws -> (
        features: [SourceFeature], cells: [Int?]?
    ) {
        do {
            return try source.next(batch: batch)
        } catch let error as GeoKitError {
            throw ZoneFitError(file: request.input, error.message)
        }
    }

    /// The types of the source's text fields, from the first features read, where a feature
    /// output will show them (see `ColumnTypes`); the fields the source types keep their types.
    private static func columnTypes(
        _ request: OverlayRequest, _ source: OverlaySource, sample: [SourceFeature], codes: [String]
    ) throws -> ColumnTypes {
        let names = source.fields.map(\.name)
        guard request.output != nil else {
            return try ColumnTypes(
                source: request.input, names: names, sample: .init(columns: names.count), choice: .text)
        }
        let rows = sample.prefix(ColumnTypes.sampleRows).map { $0.values.map { $0.text ?? "" } }
        return try ColumnTypes(
            source: request.input, names: names, declared: source.fields.map(\.type),
            sample: .init(columns: names.count, rows: rows), choice: request.types, codes: codes)
    }

    /// Writes one placed feature and counts where it went.
    private static func write(
        _ feature: SourceFeature, _ placement: Placement, _ extra: [FieldValue], _ schema: OverlaySchema,
        _ output: FeatureOutput?, _ apportion: ApportionTable?, _ layer: ZoneLayer, _ summary: inout OverlaySummary
    ) throws {
        switch placement {
        case .rejected: break
        case .described(let place):
            let values = schema.row(feature, place: place, extra: extra)
            try output?.write(id: feature.fid, values: values, geometry: .none)
            summary.count(place)
        case .point(let cell, let lon, let lat, let snapped):
            let values = schema.row(
                feature, cell: cell, extra: extra, placement: .point(lon: lon, lat: lat, snappedMetres: snapped))
            try output?.write(id: feature.fid, values: values, geometry: .point(x: lon, y: lat))
            if snapped != nil { summary.snapped += 1 }
            summary.byUnit[layer.cells[cell].unitIndex, default: 0] += 1
        case .polygon(let unit, let cell, let wkb, let areaM2, let share, let byUnit, let repaired):
            let values = schema.row(
                feature, cell: cell, extra: extra, placement: .polygon(areaM2: areaM2, share: share))
            try output?.write(id: feature.fid, values: values, geometry: .wkb(wkb))
            try apportion?.write(feature, layer: layer, byUnit: byUnit, totalM2: areaM2)
            if let repaired { summary.repaired.append("row \(feature.number): \(repaired)") }
            summary.byUnit[unit, default: 0] += 1
        }
    }

    /// The input as OGR reads it; for `inDatabase`, the statement that has the database place its rows.
    private static func openSource(_ request: OverlayRequest, layer: ZoneLayer) throws -> OverlaySource {
        if request.inDatabase { return try openInDatabase(request, layer: layer) }
        var options: GDALOptions = []
        let lower = request.input.lowercased()
        // Shapefiles from Chinese software often carry GBK text with no .cpg; OGR would
        // read them as Latin-1. Read the bytes as they are and decode UTF-8 or GBK per value.
        if lower.hasSuffix(".shp") || lower.hasSuffix(".dbf") {
            let stem = (request.input as NSString).deletingPathExtension
            let hasCPG = ["cpg", "CPG"].contains { FileManager.default.fileExists(atPath: "\(stem).\($0)") }
            if !hasCPG { options.append("ENCODING=") }
        }
        do {
            let source = try request.source.open(options: options)
            guard
                request.headerRow != nil
                    || (!source.hasGeometryField && HeaderRow.looksLikeTitle(source.fields.map(\.name)))
            else { return OverlaySource(source) }
            return try sheetBelowTitleRows(request, options: options + HeaderRow.openOptions(driver: source.driverName))
        } catch let error as GeoKitError {
            throw ZoneFitError(file: request.input, error.message)
        }
    }

    /// A table whose header lies below title rows: read with no header, the header row the one asked for
    /// (`--header-row`) or the first that looks like one (`HeaderRow`).
    private static func sheetBelowTitleRows(_ request: OverlayRequest, options: GDALOptions) throws -> OverlaySource {
        let reader = try request.source.open(options: options)
        let head = try reader.next(batch: max(HeaderRow.searchedRows, request.headerRow ?? 0))
        let cells = head.map { $0.values.map(\.text) }
        guard let header = request.headerRow ?? HeaderRow.find(in: cells), header <= head.count else {
            throw ZoneFitError(
                file: request.input,
                request.headerRow.map { "has no row \($0) (\(head.count) rows)" }
                    ?? "no header row among the first \(HeaderRow.searchedRows) rows (a row of two or more names); "
                    + "name it",
                setting: .headerRow)
        }
        // Said, as the field mapping is: a wrong guess shows before a long run ends.
        let guessed =
            "note: the header is row \(header) (\(header - 1) title row(s) above it: "
            + cells.prefix(header - 1).map { HeaderRow.names($0).first ?? "" }.joined(separator: " / ")
            + ")"
        return OverlaySource(
            reader, header: header, head: head, notes: request.headerRow == nil && header > 1 ? [guessed] : [])
    }

    /// The source as `InDatabaseOverlay` reads it: a PostGIS table of WGS84 points.
    private static func openInDatabase(_ request: OverlayRequest, layer: ZoneLayer) throws -> OverlaySource {
        guard DataSourceName.isPostgreSQL(request.input), let table = request.layer, request.sql == nil else {
            throw ZoneFitError(
                file: request.input, "the database overlay reads a PostGIS table, named as its layer",
                setting: .inDatabase)
        }
        guard request.snapMetres == nil, request.xField == nil, request.sourceCRS == nil else {
            throw ZoneFitError(
                file: request.input,
                "the database overlay takes the table's own WGS84 geometry, without snapping, coordinate columns "
                    + "or another source CRS (GCJ-02 and BD-09 have no transform in PostGIS)", setting: .inDatabase)
        }
        do {
            let cells = try InDatabaseOverlay(connection: request.input, layer: layer)
            let plain = try SourceReference(request.input, layer: table).open()
            let statement = try cells.statement(for: plain, table: table, filter: request.whereClause)
            let placed = try SourceReference(request.input, sql: statement).open()
            guard let column = placed.fields.lastIndex(where: { $0.name == InDatabaseOverlay.cellColumn }) else {
                throw ZoneFitError(file: request.input, "the database returned no cell column")
            }
            return OverlaySource(placed, cellColumn: column, table: plain)
        } catch let error as GeoKitError {
            throw ZoneFitError(file: request.input, error.message)
        }
    }

    /// The layer's own CRS, for geometry inputs that declare one.
    private static func layerCRS(_ source: OverlaySource, _ coordinates: CoordinateSource) throws -> SourceCRS? {
        guard case .geometry = coordinates, let reference = source.spatialReference else { return nil }
        if reference.isSame(as: try SpatialReference.wgs84()) { return .wgs84 }
        return .definition(reference.authorityCode ?? reference.wkt)
    }

    /// A feature's placement and the analyses' values for it (nil: an analysis left it out).
    private struct PlacedFeature {
        var placement: Placement
        var extra: [FieldValue]?
        /// What the row's address says of its coordinates' district, where both are given.
        var check: RegisterPlacement.Check?
    }

    /// Splits a batch into one contiguous slice per worker, which places its features and
    /// runs the analyses on them; results stay in input order, and the analyses' slices
    /// are merged in that order. `digests`, one per worker, take each feature's row hash.
    private static func placeInParallel(
        _ batch: [SourceFeature], cells: [Int?]?, _ workers: [OverlayWorker], _ analyses: AnalysisChain,
        digests: inout [RowSetDigest]?
    ) throws -> [PlacedFeature] {
        var results = [Result<PlacedFeature, Error>](
            repeating: .success(PlacedFeature(placement: .rejected(.noGeometry, ""), extra: nil)), count: batch.count)
        let sliceSize = (batch.count + workers.count - 1) / workers.count
        let slices = workers.map { _ in analyses.makeSlices() }
        var sums = digests ?? []
        results.withUnsafeMutableBufferPointer { buffer in
            sums.withUnsafeMutableBufferPointer { sums in
                // Each iteration touches only its own part of `buffer`, its own worker, digest and
                // analysis slices, so none of them is shared between threads.
                nonisolated(unsafe) let (buffer, sums) = (buffer, sums)
                nonisolated(unsafe) let (workers, slices) = (workers, slices)
                DispatchQueue.concurrentPerform(iterations: workers.count) { index in
                    let start = index * sliceSize
                    let end = min(batch.count, start + sliceSize)
                    guard start < end else { return }
                    if !sums.isEmpty { for position in start..<end { sums[index].add(batch[position]) } }
                    for position in start..<end {
                        buffer[position] = Result {
                            let feature = batch[position]
                            let placement = try workers[index].place(feature, foundCell: cells.map { $0[position] })
                            return PlacedFeature(
                                placement: placement,
                                extra: try placement.analysed(InputRow(feature), by: slices[index], on: workers[index]),
                                check: workers[index].addressCheck(feature, placement))
                        }
                    }
                }
            }
        }
        if digests != nil { digests = sums }
        let placed = try results.map { try $0.get() }
        for slice in slices { analyses.merge(slice) }
        return placed
    }
}
