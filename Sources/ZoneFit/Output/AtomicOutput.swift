import Foundation

/// An output written under a temporary name in the target folder and renamed
/// into place only when complete: a failed run leaves no output behind.
final class AtomicOutput {
    let finalPath: String
    let temporaryPath: String
    private var published = false

    init(_ path: String) throws {
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
        // Keep the extension: OGR drivers look at it.
        let ext = url.pathExtension.isEmpty ? "" : ".\(url.pathExtension)"
        temporaryPath =
            url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.deletingPathExtension().lastPathComponent).zonefit-\(getpid())\(ext)").path
        try? FileManager.default.removeItem(atPath: temporaryPath)
    }

    /// Moves the finished file into place (`rename(2)`, atomic within a folder).
    func publish() throws {
        guard rename(temporaryPath, finalPath) == 0 else {
            throw ZoneFitError(
                file: finalPath, "cannot move the finished output into place: \(String(cString: strerror(errno)))")
        }
        published = true
    }

    deinit {
        if !published { try? FileManager.default.removeItem(atPath: temporaryPath) }
    }
}
