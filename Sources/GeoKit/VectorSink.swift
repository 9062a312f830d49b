import CGDAL

/// Writes one layer through an OGR driver (FlatGeobuf, CSV, XLSX …; GeoPackage
/// has its own writer, `GeoPackageWriter`). Features arrive in order from one thread.
public final class VectorSink {
    /// The layer's declared geometry type. `multiPolygon` layers take polygons and
    /// multipolygons, each written as a MultiPolygon, as GeoPackage readers expect.
    public enum GeometryKind: Sendable { case none, point, multiPolygon, any }

    private var dataset: UnsafeMutableRawPointer?
    private let layer: UnsafeMutableRawPointer
    private let definition: UnsafeMutableRawPointer
    private let fieldTypes: [FieldType]
    private let geometryKind: GeometryKind
    private let wgs84: SpatialReference
    private let reprojection: OutputReprojection

    /// Creates `path` with `driver`. Geometries come in WGS84 lon/lat and are written in `crs`
    /// (nil: WGS84). `textWidth`: the width text fields are declared with, for drivers that would
    /// otherwise cut at their default (a Shapefile's 80).
    public init(
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
            let wgs84 = try SpatialReference.wgs84()
            let reprojection = try OutputReprojection(crs ?? wgs84)
            let srs = reprojection.target
            let layerList = CStringList(layerOptions)
            let type: OGRwkbGeometryType
            switch geometry {
            case .none: type = wkbNone
            case .point: type = wkbPoint
            case .multiPolygon: type = wkbMultiPolygon
            case .any: type = wkbUnknown
            }
            let layer = try gdalCall("cannot create layer '\(layerName)'") {
                GDALDatasetCreateLayer(
                    dataset, layerName, geometry == .none ? nil : srs.handle, type, layerList.pointer)
            }
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
            }
            self.layer = layer
            self.definition = OGR_L_GetLayerDefn(layer)
            self.wgs84 = wgs84
            self.reprojection = reprojection
            self.fieldTypes = fields.map(\.type)
            self.geometryKind = geometry
        } catch {
            GDALClose(dataset)
            throw error
        }
        self.dataset = dataset
    }

    deinit { if let dataset { GDALClose(dataset) } }

    /// Stores `value` as dataset metadata (`GDALSetMetadataItem`).
    public func setMetadata(_ value: String, forKey key: String) {
        guard let dataset else { return }
        GDALSetMetadataItem(dataset, key, value, nil)
    }

    /// `fid`: the feature id to keep, for drivers that store one; others number features themselves.
    public func write(_ values: [FieldValue], geometry: FeatureGeometry, fid: Int64? = nil) throws {
        guard let feature = OGR_F_Create(definition) else { throw GeoKitError(.gdal, "OGR_F_Create failed") }
        defer { OGR_F_Destroy(feature) }
        if let fid { OGR_F_SetFID(feature, fid) }
        for (index, value) in values.enumerated() {
            let i = Int32(index)
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
        case .none: break
        case .point(let x, let y):
            let point = OGR_G_CreateGeometry(wkbPoint)
            let (x, y) = try reprojection.point(x: x, y: y)
            OGR_G_SetPoint_2D(point, 0, x, y)
            OGR_F_SetGeometryDirectly(feature, point)
        case .wkb(let bytes):
            var shape: OGRGeometryH?
            try ogrCheck("cannot read a geometry for output") {
                OGR_G_CreateFromWkb(bytes, wgs84.handle, &shape, Int32(bytes.count))
            }
            if let shape { try reprojection.apply(shape) }
            if geometryKind == .multiPolygon, let polygon = shape,
                OGR_GT_Flatten(OGR_G_GetGeometryType(polygon)) == wkbPolygon
            {
                shape = OGR_G_ForceToMultiPolygon(polygon)
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
