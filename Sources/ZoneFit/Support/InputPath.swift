import Foundation

/// What kind of thing an input path names: OGR opens files by path and may seek
/// in them, so a pipe can only be read by zonefit's own streaming CSV reader.
enum InputPath {
    /// True for a FIFO, a terminal or another stream that can be read only once, front to back.
    static func isStream(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let kind = info.st_mode & S_IFMT
        return kind == S_IFIFO || kind == S_IFCHR || kind == S_IFSOCK
    }

    /// Refuses a stream that the OGR path would have to reopen.
    static func requireOGRReadable(_ path: String) throws {
        guard isStream(path) else { return }
        throw ZoneFitError(
            file: path,
            "is a pipe or stream: zonefit reads one only as comma-separated CSV (input format CSV) on its streaming path, "
                + "with CSV, GeoJSON or GeoJSONSeq output (or none) and a simple attribute filter")
    }
}
