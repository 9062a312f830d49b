import CGDAL

/// GDAL set-up and error capture.
///
/// GDAL keeps its last error per thread, so every call goes through
/// `gdalCall`: reset, call, read the error at once on the same thread.
enum GDALRuntime {
    /// `GDALAllRegister` once, first; GDAL's own stderr printing is replaced
    /// by errors that callers read and report in their own words.
    static let registered: Void = {
        CPLSetErrorHandler(CPLQuietErrorHandler)
        GDALAllRegister()
        // PostgreSQL rows fetched 10,000 to a round trip rather than GDAL's 500 (unless the user set it).
        if CPLGetConfigOption("OGR_PG_CURSOR_PAGE", nil) == nil { CPLSetConfigOption("OGR_PG_CURSOR_PAGE", "10000") }
    }()
}

/// The message of GDAL's last error on this thread, if it was a failure.
func gdalLastFailure() -> String? {
    let type = CPLGetLastErrorType()
    guard type == CE_Failure || type == CE_Fatal else { return nil }
    guard let message = CPLGetLastErrorMsg(), message.pointee != 0 else { return "GDAL error" }
    return String(cString: message)
}

/// Resets GDAL's error state, runs `body`, and throws if it returned nothing or
/// GDAL reported a failure.
@discardableResult
func gdalCall<T>(_ what: String, _ body: () -> T?) throws -> T {
    _ = GDALRuntime.registered
    CPLErrorReset()
    let result = body()
    if let failure = gdalLastFailure() { throw GeoKitError(.gdal, failure) }
    guard let result else { throw GeoKitError(.gdal, "\(what) failed") }
    return result
}

/// Checks an `OGRErr` return (`OGRERR_NONE` is success).
func ogrCheck(_ what: String, _ body: () -> OGRErr) throws {
    _ = GDALRuntime.registered
    CPLErrorReset()
    let error = body()
    if error != OGRERR_NONE {
        throw GeoKitError(.gdal, gdalLastFailure() ?? "\(what) failed (OGR error \(error))")
    }
}

/// An owned `char**` option list (`CSLAddString`, freed with `CSLDestroy`).
final class CStringList {
    private(set) var pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

    init(_ items: [String]) {
        for item in items { pointer = CSLAddString(pointer, item) }
    }

    deinit { CSLDestroy(pointer) }

    /// The same list as `const char* const*`, as GDALOpenEx takes it.
    var constPointer: UnsafePointer<UnsafePointer<CChar>?>? {
        pointer.map { UnsafeRawPointer($0).assumingMemoryBound(to: UnsafePointer<CChar>?.self) }
    }
}

/// A `NAME=VALUE` option list as GDAL's tools take it.
public typealias GDALOptions = [String]

/// Converts GDAL's C text to Swift, accepting legacy Chinese encodings.
///
/// GDAL hands back field values as raw bytes: UTF-8 for most drivers, but
/// CSV and un-tagged shapefile DBFs from Chinese software are often GBK.
/// Text that is not valid UTF-8 is decoded as GB18030 (a superset of GBK)
/// with `CPLRecode`.
func decodeText(_ text: UnsafePointer<CChar>) -> String {
    if let utf8 = String(validatingCString: text) { return utf8 }
    let recoded = CPLRecode(text, "GB18030", CPL_ENC_UTF8)
    defer { VSIFree(recoded) }
    return String(cString: recoded)
}
