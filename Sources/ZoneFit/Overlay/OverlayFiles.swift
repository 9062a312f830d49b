import Foundation

/// The files an overlay run writes — the features (none when only analyses
/// consume the placements), the rejects and the apportion table — each under a
/// temporary name until `publish()`, so a failed run leaves none of them behind.
final class OverlayFiles {
    let output: AtomicOutput?
    let rejects: AtomicOutput
    let apportion: AtomicOutput?

    init(_ request: OverlayRequest) throws {
        output = try request.output.map(AtomicOutput.init)
        rejects = try AtomicOutput(request.rejectsPath)
        apportion = try request.apportion.map(AtomicOutput.init)
    }

    /// The output's layer name: the file's stem.
    static func layerName(_ path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    func publish() throws {
        try output?.publish()
        try rejects.publish()
        try apportion?.publish()
    }
}
