import GeoKit

/// The CRS an output is written in: WGS84 lon/lat unless the request names
/// another (`-t/--dst-crs`), which only the formats that record their CRS take:
/// GeoJSON is WGS84 by RFC 7946, and a table's coordinates are its columns.
enum OutputCRS {
    static func resolve(_ definition: String?, format: OutputFormat, output: String) throws -> SpatialReference {
        let wgs84 = try SpatialReference.wgs84()
        guard let definition else { return wgs84 }
        let crs: SpatialReference
        do {
            crs = try SpatialReference(definition)
        } catch let error as GeoKitError {
            throw ZoneFitError(file: output, "output CRS '\(definition)': \(error.message)", setting: .targetCRS)
        }
        if crs.isSame(as: wgs84) { return wgs84 }
        guard format.recordsCRS else {
            throw ZoneFitError(
                file: output,
                "\(format.rawValue) output is WGS84 lon/lat (GeoJSON by RFC 7946; a table's coordinates are its "
                    + "columns); write GPKG, FlatGeobuf or a Shapefile for \(crs.authorityCode ?? crs.name)",
                setting: .targetCRS)
        }
        return crs
    }
}
