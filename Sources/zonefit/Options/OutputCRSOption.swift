import ArgumentParser

/// `-t/--dst-crs`, for every command that writes a feature layer.
struct OutputCRSOption: ParsableArguments {
    @Option(
        name: [.customShort("t"), .customLong("dst-crs")],
        help: ArgumentHelp(
            "CRS of a GeoPackage, FlatGeobuf, Shapefile or PostgreSQL output: EPSG:4326 (default, WGS84 lon/lat), "
                + "EPSG:4490 (CGCS2000), EPSG:4544 (CGCS2000 / 3-degree Gauss-Kruger CM 105E) or any CRS PROJ knows. "
                + "GeoJSON and tables stay WGS84.",
            valueName: "crs"))
    var dstCRS: String?
}
