import Foundation

/// An output written under a temporary name in the target folder and renamed
/// into place only when complete: a failed run leaves no output behind. A
/// format of several files (a Shapefile) names the others as `companions`,
/// endings that replace the extension; they are moved with the main file.
final class AtomicOutput {
    let finalPath: String
    let temporaryPath: String
    private let companions: [String]
    private var published = false

    init(_ path: String, companions: [String] = []) throws {
        guard DataSourceName.kind(path) == .file else {
            throw ZoneFitError(
                file: path, "is not a file name; this output is written to a file", setting: .outputFormat)
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw ZoneFitError(file: path, "is a folder; give an output file name")
        }
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ZoneFitError(file: path, "cannot write: the folder \(folder) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw ZoneFitError(file: path, "cannot write: the folder \(folder) is not writable")
        }
        finalPath = path
        self.companions = companions
        // Keep the extension: OGR drivers look at it. A format of several files keeps it in lower case,
        // as GDAL names the files it writes (OUT.SHP gets .shp, .shx, .dbf beside it).
        let ext =
            url.pathExtension.isEmpty
            ? "" : ".\(companions.isEmpty ? url.pathExtension : url.pathExtension.lowercased())"
        temporaryPath =
            url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.deletingPathExtension().lastPathComponent).zonefit-\(getpid())\(ext)").path
        for file in temporaryFiles { try? FileManager.default.removeItem(atPath: file) }
    }

    /// The temporary and final path of the main file, then of each companion.
    private var pairs: [(temporary: String, final: String)] {
        func stem(_ path: String) -> String { (path as NSString).deletingPathExtension }
        return [(temporaryPath, finalPath)]
            + companions.map { (stem(temporaryPath) + "." + $0, stem(finalPath) + "." + $0) }
    }

    private var temporaryFiles: [String] { pairs.map(\.temporary) }

    /// Moves the finished files into place (`rename(2)`, atomic within a folder), the main file last;
    /// a companion the run did not write is removed from beside an older output it replaces.
    func publish() throws {
        for (temporary, final) in pairs.reversed() {
            guard FileManager.default.fileExists(atPath: temporary) || temporary == temporaryPath else {
                try? FileManager.default.removeItem(atPath: final)
                continue
            }
            guard rename(temporary, final) == 0 else {
                throw ZoneFitError(
                    file: final, "cannot move the finished output into place: \(String(cString: strerror(errno)))")
            }
        }
        published = true
    }

    deinit {
        if !published { for file in temporaryFiles { try? FileManager.default.removeItem(atPath: file) } }
    }
}
