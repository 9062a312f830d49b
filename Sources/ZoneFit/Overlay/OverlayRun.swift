import Dispatch
import Foundation
import GeoKit

/// The overlay pipeline: read in batches → place in parallel → write in input order.
public enum OverlayRun {
    public static func run(
        _ request: OverlayRequest, layer: ZoneLayer, extension addOn: OverlayExtension? = nil,
        progress: OverlayProgressHandler? = nil
    ) throws -> OverlaySummary {
        let format = try OutputFormat.resolve(path: request.output, format: request.format)
        if request.fastPath && CSVFastPath.applies(to: request, format: format, hasExtension: addOn != nil) {
            return try CSVFastPath.run(request, layer: layer, format: format, progress: progress)
        }
        let source = try openSource(request)
        let coordinates: CoordinateSource
        var summary = OverlaySummary()
        if source.hasGeometryField && request.xField == nil && request.yField == nil {
            coordinates = .geometry
        } else {
            let found = try CoordinateColumns.find(in: source.fields, x: request.xField, y: request.yField, file: request.input)
            coordinates = .columns(x: found.x, y: found.y)
            summary.coordinateColumns = (source.fields[found.x].name, source.fields[found.y].name)
        }
        let crs = try request.sourceCRS ?? layerCRS(source, coordinates) ?? .wgs84
        summary.sourceCRS = crs.label
        let polygons: Bool
        if case .geometry = coordinates { polygons = !source.declaresPoints } else { polygons = false }

        let extensionFields: [FieldDefinition]
        do {
            extensionFields = try addOn?.prepare(inputFields: source.fields, layer: layer) ?? []
        } catch let error as ZoneFitError {
            throw ZoneFitError(file: request.input, error.message)
        }
        let schema = OverlaySchema(
            inputFields: source.fields, fidField: format.keepsFeatureID ? nil : source.fidColumn, layer: layer,
            extensionFields: extensionFields,
            snapping: request.snapMetres != nil, polygons: polygons,
            lonLatColumns: format.isTabular && !(crs == .wgs84 && summary.coordinateColumns != nil))
        summary.renamedFields = schema.renamed

        let provenance = try Provenance(
            command: addOn?.command ?? "overlay", inputPaths: [request.input], scheme: layer.scheme,
            profile: addOn?.profile, sourceCRS: crs.label)
        let outputFile = try AtomicOutput(request.output)
        let rejectsFile = try AtomicOutput(request.rejectsPath)
        let apportionFile = try request.apportion.map(AtomicOutput.init)
        let layerName = URL(fileURLWithPath: request.output).deletingPathExtension().lastPathComponent
        let output: FeatureOutput
        do {
            output = try FeatureOutputFactory.open(
                path: outputFile.temporaryPath, format: format, layerName: layerName,
                fields: schema.fields, polygons: polygons, provenance: provenance.json)
        } catch let error as GeoKitError {
            throw ZoneFitError(file: request.output, "cannot create the output: \(error.message)")
        }
        let rejects = try RejectsTable(path: rejectsFile.temporaryPath, inputFields: source.fields)
        let apportion = try apportionFile.map { try ApportionTable(path: $0.temporaryPath) }

        /// The extension's values for a placed row; nil when it leaves the row out.
        func extend(_ feature: SourceFeature, _ cell: Int, _ lon: Double?, _ lat: Double?) throws -> [FieldValue]? {
            guard let addOn else { return [] }
            let piece = layer.cells[cell]
            guard let extra = try addOn.values(for: feature, cell: piece, unit: layer.units[piece.unitIndex], lon: lon, lat: lat)
            else {
                summary.filtered += 1
                return nil
            }
            return extra
        }

        let workers = try (0..<max(1, request.workers)).map { _ in
            try OverlayWorker(layer: layer, crs: crs, coordinates: coordinates, snapMetres: request.snapMetres)
        }
        let total = progress == nil ? nil : source.cheapFeatureCount
        while true {
            let batch: [SourceFeature]
            do {
                batch = try source.next(batch: request.batchSize)
            } catch let error as GeoKitError {
                throw ZoneFitError(file: request.input, error.message)
            }
            if batch.isEmpty { break }
            let placements = try placeInParallel(batch, workers)
            for (feature, placement) in zip(batch, placements) {
                summary.read += 1
                if feature.droppedZM { summary.droppedZM += 1 }
                switch placement {
                case .rejected(let reason, let detail):
                    summary.rejectedByReason[reason, default: 0] += 1
                    try rejects.write(feature, reason: reason, detail: detail)
                case .point(let cell, let lon, let lat, let snapped):
                    guard let extra = try extend(feature, cell, lon, lat) else { continue }
                    let values = schema.pointRow(feature, cell: cell, extra: extra, lon: lon, lat: lat, snappedMetres: snapped)
                    try output.write(id: feature.fid, values: values, geometry: .point(x: lon, y: lat))
                    if snapped != nil { summary.snapped += 1 }
                    summary.written += 1
                    summary.byUnit[layer.cells[cell].unitIndex, default: 0] += 1
                case .polygon(let unit, let cell, let wkb, let areaM2, let share, let byUnit, let repaired):
                    guard let extra = try extend(feature, cell, nil, nil) else { continue }
                    let values = schema.polygonRow(feature, cell: cell, extra: extra, areaM2: areaM2, share: share)
                    try output.write(id: feature.fid, values: values, geometry: .wkb(wkb))
                    try apportion?.write(feature, layer: layer, byUnit: byUnit, totalM2: areaM2)
                    if let repaired { summary.repaired.append("row \(feature.number): \(repaired)") }
                    summary.written += 1
                    summary.byUnit[unit, default: 0] += 1
                }
            }
            progress?(OverlayProgress(rows: summary.read, fraction: total.map { min(1, Double(summary.read) / Double(max($0, 1))) }))
        }
        if summary.read == 0 {
            throw ZoneFitError(file: request.input, "has no rows or features to overlay")
        }
        try output.close()
        try rejects.close()
        try apportion?.close()
        try outputFile.publish()
        try rejectsFile.publish()
        try apportionFile?.publish()
        return summary
    }

    private static func openSource(_ request: OverlayRequest) throws -> VectorSource {
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
            return try VectorSource(path: request.input, layer: request.layer, where: request.whereClause, openOptions: options)
        } catch let error as GeoKitError {
            throw ZoneFitError(file: request.input, error.message)
        }
    }

    /// The layer's own CRS, for geometry inputs that declare one.
    private static func layerCRS(_ source: VectorSource, _ coordinates: CoordinateSource) throws -> SourceCRS? {
        guard case .geometry = coordinates, let reference = source.spatialReference else { return nil }
        if reference.isSame(as: try SpatialReference.wgs84()) { return .wgs84 }
        return .definition(reference.authorityCode ?? reference.wkt)
    }

    /// Splits a batch into one contiguous slice per worker; results stay in input order.
    private static func placeInParallel(_ batch: [SourceFeature], _ workers: [OverlayWorker]) throws -> [Placement] {
        var results = [Result<Placement, Error>](repeating: .success(.rejected(.noGeometry, "")), count: batch.count)
        let sliceSize = (batch.count + workers.count - 1) / workers.count
        results.withUnsafeMutableBufferPointer { buffer in
            // Each iteration touches only its own slice of `buffer` and its own worker,
            // so neither is shared between threads.
            nonisolated(unsafe) let buffer = buffer
            nonisolated(unsafe) let workers = workers
            DispatchQueue.concurrentPerform(iterations: workers.count) { index in
                let start = index * sliceSize
                let end = min(batch.count, start + sliceSize)
                guard start < end else { return }
                for position in start..<end {
                    buffer[position] = Result { try workers[index].place(batch[position]) }
                }
            }
        }
        return try results.map { try $0.get() }
    }
}
