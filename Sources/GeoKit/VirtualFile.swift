import CGDAL

/// A file read through GDAL's virtual file system, so that a member of a zip or
/// gzip archive (`/vsizip/parks.zip/parks.shp`, `/vsigzip/firms.csv.gz`) reads like
/// a plain file: provenance hashes what GDAL reads, not the archive around it.
public final class VirtualFile {
    private let handle: UnsafeMutablePointer<VSILFILE>

    public init(path: String) throws {
        _ = GDALRuntime.registered
        guard let handle = VSIFOpenL(path, "rb") else { throw GeoKitError(.gdal, "cannot read") }
        self.handle = handle
    }

    deinit { VSIFCloseL(handle) }

    /// True when GDAL finds a file at `path`.
    public static func exists(_ path: String) -> Bool { (try? VirtualFile(path: path)) != nil }

    /// The next bytes, up to `count` (fewer where a decompressor hands out less); empty at the end.
    public func read(upTo count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        CPLErrorReset()
        let read = bytes.withUnsafeMutableBytes { VSIFReadL($0.baseAddress, 1, count, handle) }
        if let failure = gdalLastFailure() { throw GeoKitError(.gdal, "cannot read: \(failure)") }
        bytes.removeSubrange(Int(read)...)
        return bytes
    }
}
