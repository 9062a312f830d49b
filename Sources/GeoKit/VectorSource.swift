import CGDAL
import Foundation

/// Reads one layer of any OGR vector source, feature by feature.
///
/// A source belongs to one thread (GDAL datasets are not shared); it hands
/// out Sendable `SourceFeature`s.
public final class VectorSource {
    public let path: String
    public let driverName: String
    public let layerName: String
    public let fields: [FieldDefinition]
    /// The layer's CRS, when it declares one.
    public let spatialReference: SpatialReference?
    /// Whether the layer has a geometry column (CSV and XLSX usually do not).
    public let hasGeometryField: Bool
    /// True when the layer declares points only.
    public let declaresPoints: Bool
    /// The layer declares polygons or multipolygons (not "any geometry").
    public let declaresPolygons: Bool
    /// The name of the layer's explicit FID column (GeoPackage's `fid`), when it has one:
    /// then feature ids are the data's own ids and outputs keep them.
    public let fidColumn: String?
    /// The name of the layer's geometry column where the source has one by name (a database's `geom`).
    public let geometryColumn: String?

    private let dataset: UnsafeMutableRawPointer
    private let layer: UnsafeMutableRawPointer
    private let ogrTypes: [OGRFieldType]
    /// The layer is an SQL result, which the dataset must release.
    private let isResultSet: Bool
    private var count = 0

    /// Opens `path` read-only. `layer` picks a layer by name; without it a
    /// single-layer source is read and a multi-layer one is refused with the
    /// list of names. `sql` reads the result of a statement instead (in the
    /// source's own SQL where it has one, PostgreSQL's say, else OGR SQL).
    /// `where` is an attribute filter on what is read.
    public init(
        path: String, layer: String? = nil, where filter: String? = nil, sql: String? = nil,
        openOptions: GDALOptions = []
    ) throws {
        // Plain files get plain-language checks; GDAL connection strings and virtual
        // paths (PG:…, /vsizip/…) go to GDAL as they are.
        let isPlainPath = !path.hasPrefix("/vsi") && !path.contains(":")
        var isFolder: ObjCBool = false
        guard !isPlainPath || FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw GeoKitError(.gdal, "no such file")
        }
        if isPlainPath && isFolder.boolValue && !path.hasSuffix(".gdb") {
            throw GeoKitError(.gdal, "is a folder, not a file")
        }
        if isPlainPath && !isFolder.boolValue,
            (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) == 0
        {
            throw GeoKitError(.gdal, "is empty")
        }
        let options = CStringList(openOptions)
        let dataset = try gdalCall("not recognised as a vector file by GDAL/OGR") {
            GDALOpenEx(path, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY), nil, options.constPointer, nil)
        }
        // From here on the dataset must be closed (and an SQL result released) on every error path.
        var resultSet: UnsafeMutableRawPointer?
        do {
            let layerCount = GDALDatasetGetLayerCount(dataset)
            let chosen: UnsafeMutableRawPointer?
            if let sql {
                CPLErrorReset()
                chosen = GDALDatasetExecuteSQL(dataset, sql, nil, nil)
                resultSet = chosen
                if chosen == nil {
                    throw GeoKitError(
                        .gdal, "SQL '\(sql)' gives no rows to read: \(gdalLastFailure() ?? "not a query")")
                }
            } else if let layer {
                chosen = GDALDatasetGetLayerByName(dataset, layer)
                if chosen == nil { throw GeoKitError(.gdal, "has no layer named '\(layer)'") }
            } else if layerCount == 1 {
                chosen = GDALDatasetGetLayer(dataset, 0)
            } else if layerCount == 0 {
                throw GeoKitError(.gdal, "has no layers")
            } else {
                let names = (0..<layerCount).compactMap { GDALDatasetGetLayer(dataset, $0) }
                    .map { String(cString: OGR_L_GetName($0)) }
                throw GeoKitError(
                    .gdal, "has \(layerCount) layers (\(names.joined(separator: ", "))); name the one to read")
            }
            guard let chosen else { throw GeoKitError(.gdal, "cannot open its layer") }
            if let filter {
                try ogrCheck("invalid filter '\(filter)'") { OGR_L_SetAttributeFilter(chosen, filter) }
            }
            let definition = OGR_L_GetLayerDefn(chosen)
            let fieldCount = OGR_FD_GetFieldCount(definition)
            var fields: [FieldDefinition] = []
            var ogrTypes: [OGRFieldType] = []
            for index in 0..<fieldCount {
                let field = OGR_FD_GetFieldDefn(definition, index)
                let type = OGR_Fld_GetType(field)
                ogrTypes.append(type)
                let kind: FieldType
                switch type {
                case OFTInteger where OGR_Fld_GetSubType(field) == OFSTBoolean: kind = .boolean
                case OFTInteger, OFTInteger64: kind = .integer
                case OFTReal: kind = .real
                default: kind = .string
                }
                fields.append(FieldDefinition(decodeText(OGR_Fld_GetNameRef(field)), kind))
            }
            self.fields = fields
            self.ogrTypes = ogrTypes
            self.hasGeometryField = OGR_FD_GetGeomFieldCount(definition) > 0
            self.declaresPoints = OGR_GT_Flatten(OGR_L_GetGeomType(chosen)) == wkbPoint
            self.declaresPolygons = [wkbPolygon, wkbMultiPolygon].contains(OGR_GT_Flatten(OGR_L_GetGeomType(chosen)))
            let fidName = String(cString: OGR_L_GetFIDColumn(chosen))
            self.fidColumn = fidName.isEmpty ? nil : fidName
            let geometryName = String(cString: OGR_L_GetGeometryColumn(chosen))
            self.geometryColumn = geometryName.isEmpty ? nil : geometryName
            self.spatialReference = try OGR_L_GetSpatialRef(chosen).map { try SpatialReference(cloning: $0) }
            self.driverName = String(cString: GDALGetDriverShortName(GDALGetDatasetDriver(dataset)))
            self.layerName = String(cString: OGR_L_GetName(chosen))
            self.layer = chosen
        } catch {
            if let resultSet { GDALDatasetReleaseResultSet(dataset, resultSet) }
            GDALClose(dataset)
            throw error
        }
        self.dataset = dataset
        self.path = path
        self.isResultSet = sql != nil
    }

    deinit {
        if isResultSet { GDALDatasetReleaseResultSet(dataset, layer) }
        GDALClose(dataset)
    }

    /// The number of features when OGR knows it cheaply, for progress.
    public var cheapFeatureCount: Int? {
        let count = OGR_L_GetFeatureCount(layer, 0)
        return count >= 0 ? Int(count) : nil
    }

    /// The next feature, or nil at the end.
    public func next() throws -> SourceFeature? {
        CPLErrorReset()
        guard let feature = OGR_L_GetNextFeature(layer) else {
            if let failure = gdalLastFailure() { throw GeoKitError(.gdal, "after feature \(count): \(failure)") }
            return nil
        }
        defer { OGR_F_Destroy(feature) }
        count += 1
        var values: [FieldValue] = []
        values.reserveCapacity(ogrTypes.count)
        for (index, type) in ogrTypes.enumerated() {
            let i = Int32(index)
            guard OGR_F_IsFieldSetAndNotNull(feature, i) != 0 else {
                values.append(.null)
                continue
            }
            switch type {
            case OFTInteger where fields[index].type == .boolean:
                values.append(.boolean(OGR_F_GetFieldAsInteger(feature, i) != 0))
            case OFTInteger, OFTInteger64: values.append(.integer(OGR_F_GetFieldAsInteger64(feature, i)))
            case OFTReal: values.append(.real(OGR_F_GetFieldAsDouble(feature, i)))
            case OFTStringList, OFTIntegerList, OFTInteger64List, OFTRealList:
                values.append(.string(listAsJSON(feature, i, type)))
            default: values.append(.string(decodeText(OGR_F_GetFieldAsString(feature, i))))
            }
        }
        var geometry = FeatureGeometry.none
        var droppedZM = false
        if let shape = OGR_F_GetGeometryRef(feature), OGR_G_IsEmpty(shape) == 0 {
            let type = OGR_G_GetGeometryType(shape)
            droppedZM = OGR_GT_HasZ(type) != 0 || OGR_GT_HasM(type) != 0
            if OGR_GT_Flatten(type) == wkbPoint {
                geometry = .point(x: OGR_G_GetX(shape, 0), y: OGR_G_GetY(shape, 0))
            } else {
                if droppedZM { OGR_G_FlattenTo2D(shape) }
                var bytes = [UInt8](repeating: 0, count: Int(OGR_G_WkbSize(shape)))
                try ogrCheck("cannot export feature \(count)'s geometry") {
                    OGR_G_ExportToIsoWkb(shape, wkbNDR, &bytes)
                }
                geometry = .wkb(bytes)
            }
        }
        return SourceFeature(
            number: count, fid: OGR_F_GetFID(feature), values: values, geometry: geometry, droppedZM: droppedZM)
    }

    /// OGR list fields (GeoJSON arrays) as JSON array text, e.g. ["C38","C39"]:
    /// OGR's own text form "(2:C38,C39)" is ambiguous when items hold commas.
    private func listAsJSON(_ feature: OGRFeatureH, _ index: Int32, _ type: OGRFieldType) -> String {
        var count: Int32 = 0
        switch type {
        case OFTStringList:
            guard let list = OGR_F_GetFieldAsStringList(feature, index) else { return "[]" }
            var items: [String] = []
            var position = 0
            while let item = list[position] {
                items.append(JSONText.string(decodeText(item)))
                position += 1
            }
            return "[" + items.joined(separator: ",") + "]"
        case OFTRealList:
            guard let list = OGR_F_GetFieldAsDoubleList(feature, index, &count) else { return "[]" }
            return "[" + (0..<Int(count)).map { JSONText.number(list[$0]) }.joined(separator: ",") + "]"
        default:
            guard let list = OGR_F_GetFieldAsInteger64List(feature, index, &count) else { return "[]" }
            return "[" + (0..<Int(count)).map { String(list[$0]) }.joined(separator: ",") + "]"
        }
    }

    /// Up to `limit` features; fewer only at the end.
    public func next(batch limit: Int) throws -> [SourceFeature] {
        var batch: [SourceFeature] = []
        batch.reserveCapacity(limit)
        while batch.count < limit, let feature = try next() { batch.append(feature) }
        return batch
    }
}
