import CGDAL

/// Writes one layer through an OGR driver (FlatGeobuf, CSV, XLSX …; GeoPackage
/// has its own writer, `GeoPackageWriter`, and PostgreSQL `PostgresTableWriter`)
/// into a file it creates. Features arrive in order from one thread.
public final class VectorSink {
    /// The layer's declared geometry type. `multiPolygon` layers take polygons and
    /// multipolygons, each written as a MultiPolygon, as GeoPackage readers expect.
    public enum GeometryKind: Sendable { case none, point, multiPolygon, any }

    /// The dataset created, closed with the sink (nil once closed).
    private var dataset: UnsafeMutableRawPointer?
    private let layer: UnsafeMutableRawPointer
    private let fieldTypes: [FieldType]
    /// The layer's index of each field given, by name: a driver may order its columns otherwise.
    private let fieldIndexes: [Int32]
    /// One feature, filled again for every row: drivers copy what they are given, and a million
    /// creations and destructions were a twentieth of a database write.
    private let feature: OGRFeatureH
    private let geometryKind: GeometryKind
    private let reprojection: OutputReprojection

    /// Creates `path` with `driver`. Geometries come in WGS84 lon/lat and are written in `crs`
    /// (nil: WGS84). `textWidth`: the width text fields are declared with, for drivers that would
    /// otherwise cut at their default (a Shapefile's 80).
    public convenience init(
        path: String, driver: String, layerName: String, fields: [FieldDefinition],
        geometry: GeometryKind, crs: SpatialReference? = nil, textWidth: Int? = nil, datasetOptions: GDALOptions = [],
        layerOptions: GDALOptions = []
    ) throws {
        let driverHandle = try gdalCall("GDAL has no '\(driver)' driver") { GDALGetDriverByName(driver) }
        let datasetList = CStringList(datasetOptions)
        let dataset = try gdalCall("cannot create the output") {
            GDALCreate(driverHandle, path, 0, 0, 0, GDT_Unknown, datasetList.pointer)
        }
        do {
            let reprojection = try OutputReprojection(crs ?? SpatialReference.wgs84())
            let layer = try Self.createLayer(
                in: dataset, name: layerName, geometry: geometry, crs: reprojection.target, options: layerOptions)
            try self.init(
                layer: layer, of: dataset, fields: fields, geometry: geometry, reprojection: reprojection,
                textWidth: textWidth)
        } catch {
            GDALClose(dataset)
            throw error
        }
    }

    /// A sink on the new `layer` of `dataset`, which it closes; it creates the fields.
    private init(
        layer: UnsafeMutableRawPointer, of dataset: UnsafeMutableRawPointer, fields: [FieldDefinition],
        geometry: GeometryKind, reprojection: OutputReprojection, textWidth: Int? = nil
    ) throws {
        var indexes: [Int32] = []
        for field in fields {
            let ogrType: OGRFieldType
            switch field.type {
            case .integer: ogrType = OFTInteger64
            case .real: ogrType = OFTReal
            case .string: ogrType = OFTString
            case .boolean: ogrType = OFTInteger
            }
            let fieldDefinition = OGR_Fld_Create(field.name, ogrType)
            defer { OGR_Fld_Destroy(fieldDefinition) }
            if field.type == .boolean { OGR_Fld_SetSubType(fieldDefinition, OFSTBoolean) }
            if field.type == .string, let textWidth { OGR_Fld_SetWidth(fieldDefinition, Int32(textWidth)) }
            try ogrCheck("cannot create field '\(field.name)'") { OGR_L_CreateField(layer, fieldDefinition, 1) }
            indexes.append(OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), field.name))
        }
        guard !indexes.contains(where: { $0 < 0 }) else { throw GeoKitError(.gdal, "the driver renamed a field") }
        guard let feature = OGR_F_Create(OGR_L_GetLayerDefn(layer)) else {
            throw GeoKitError(.gdal, "OGR_F_Create failed")
        }
        self.feature = feature
        self.layer = layer
        self.reprojection = reprojection
        self.fieldTypes = fields.map(\.type)
        self.fieldIndexes = indexes
        self.geometryKind = geometry
        self.dataset = dataset
    }

    /// Creates a layer of `geometry` in `crs` (ignored without geometry).
    private static func createLayer(
        in dataset: UnsafeMutableRawPointer, name: String, geometry: GeometryKind, crs: SpatialReference,
        options: GDALOptions
    ) throws -> UnsafeMutableRawPointer {
        let layerList = CStringList(options)
        let type: OGRwkbGeometryType
        switch geometry {
        case .none: type = wkbNone
        case .point: type = wkbPoint
        case .multiPolygon: type = wkbMultiPolygon
        case .any: type = wkbUnknown
        }
        return try gdalCall("cannot create layer '\(name)'") {
            GDALDatasetCreateLayer(dataset, name, geometry == .none ? nil : crs.handle, type, layerList.pointer)
        }
    }

    deinit {
        OGR_F_Destroy(feature)
        if let dataset { GDALClose(dataset) }
    }

    /// Stores `value` as dataset metadata (`GDALSetMetadataItem`).
    public func setMetadata(_ value: String, forKey key: String) {
        guard let dataset else { return }
        GDALSetMetadataItem(dataset, key, value, nil)
    }

    /// `fid`: the feature id to keep, for drivers that store one; others number features themselves.
    public func write(_ values: [FieldValue], geometry: FeatureGeometry, fid: Int64? = nil) throws {
        OGR_F_SetFID(feature, fid ?? -1)  // -1: OGRNullFID, the driver numbers the row
        for index in min(values.count, fieldIndexes.count)..<fieldIndexes.count {
            OGR_F_UnsetField(feature, fieldIndexes[index])
        }
        for (index, value) in values.enumerated() {
            let i = fieldIndexes[index]
            switch value {
            case .null: OGR_F_SetFieldNull(feature, i)
            case .integer(let number):
                if fieldTypes[index] == .string {
                    OGR_F_SetFieldString(feature, i, String(number))
                } else {
                    OGR_F_SetFieldInteger64(feature, i, number)
                }
            case .real(let number):
                if fieldTypes[index] == .string {
                    OGR_F_SetFieldString(feature, i, String(number))
                } else {
                    OGR_F_SetFieldDouble(feature, i, number)
                }
            case .string(let text): OGR_F_SetFieldString(feature, i, text)
            case .boolean(let flag):
                if fieldTypes[index] == .string {
                    OGR_F_SetFieldString(feature, i, flag ? "true" : "false")
                } else {
                    OGR_F_SetFieldInteger64(feature, i, flag ? 1 : 0)
                }
            }
        }
        switch geometry {
        case .none:
            if OGR_F_GetGeometryRef(feature) != nil { OGR_F_SetGeometryDirectly(feature, nil) }
        case .point(let x, let y):
            let (x, y) = try reprojection.point(x: x, y: y)
            if let held = OGR_F_GetGeometryRef(feature), OGR_G_GetGeometryType(held) == wkbPoint {
                OGR_G_SetPoint_2D(held, 0, x, y)
            } else {
                let point = OGR_G_CreateGeometry(wkbPoint)
                OGR_G_SetPoint_2D(point, 0, x, y)
                OGR_F_SetGeometryDirectly(feature, point)
            }
        case .wkb(let bytes):
            let shape = try bytes.withUnsafeBytes {
                try reprojection.geometry(wkb: $0, multiPolygon: geometryKind == .multiPolygon)
            }
            OGR_F_SetGeometryDirectly(feature, shape)
        }
        try ogrCheck("cannot write a feature") { OGR_L_CreateFeature(layer, feature) }
    }

    /// Closes; errors at close (a full disk, say) are thrown.
    public func close() throws {
        guard let dataset else { return }
        self.dataset = nil
        CPLErrorReset()
        GDALClose(dataset)
        if let failure = gdalLastFailure() { throw GeoKitError(.gdal, failure) }
    }
}
