import CGDAL

/// The versions of the libraries that read, transform and build geometry,
/// e.g. "GDAL 3.6.2, PROJ 9.1.1, GEOS 3.11.1-CAPI-1.17.1": what a cached
/// result built by them must match.
public enum LibraryVersions {
    public static var all: String {
        var major: Int32 = 0
        var minor: Int32 = 0
        var patch: Int32 = 0
        OSRGetPROJVersion(&major, &minor, &patch)
        return
            "GDAL \(String(cString: GDALVersionInfo("RELEASE_NAME"))), PROJ \(major).\(minor).\(patch), GEOS \(GEOSContext.version)"
    }
}
