import Crypto
import Foundation
import GeoKit

/// Where an output came from: tool version, inputs and their SHA-256, scheme
/// and rule profile. Written into every output so runs compare period to
/// period (plan 四(三)).
public struct Provenance: Sendable {
    public static let toolVersion = "0.1.0"

    public var command: String
    public var inputs: [SourceIdentity]
    public var schemeID: String
    public var schemeSHA256: String
    /// The rule profile: its id and SHA-256.
    public var profile: (id: String, sha256: String)?
    public var sourceCRS: String?
    public var created: Date

    /// `sources` hashed here (`SourceIdentity.of`).
    public init(
        command: String, sources: [SourceReference], scheme: ZoneScheme, profile: (id: String, path: String)? = nil
    ) throws {
        try self.init(command: command, inputs: try sources.map(SourceIdentity.of), scheme: scheme, profile: profile)
    }

    /// `inputs` as hashed (files as they were streamed, databases by their rows as they were read);
    /// `profile`: the rule profile's id and path, when the command applies one.
    public init(
        command: String, inputs: [SourceIdentity], scheme: ZoneScheme, profile: (id: String, path: String)? = nil,
        sourceCRS: String? = nil
    ) throws {
        self.command = command
        self.inputs = inputs
        self.schemeID = scheme.id
        self.schemeSHA256 = try Self.sha256(of: scheme.path)
        self.profile = try profile.map { ($0.id, try Self.sha256(of: $0.path)) }
        self.sourceCRS = sourceCRS
        self.created = Date()
    }

    /// Streams the file through SHA-256 in 1 MiB pieces. A `/vsi` path (an archive's member) is read through
    /// GDAL; a Shapefile member with the sidecars beside it in the archive (.dbf, .shx, .prj, .cpg), whose
    /// attributes and CRS are as much the data as its shapes.
    public static func sha256(of path: String) throws -> String {
        var hasher = SHA256()
        if DataSourceName.kind(path) == .virtual {
            let stem = (path as NSString).deletingPathExtension
            let members =
                path.lowercased().hasSuffix(".shp")
                ? [path] + ["shx", "dbf", "prj", "cpg"].map { "\(stem).\($0)" }.filter { VirtualFile.exists($0) }
                : [path]
            do {
                for member in members {
                    let file = try VirtualFile(path: member)
                    while case let chunk = try file.read(upTo: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
                }
            } catch let error as GeoKitError {
                throw ZoneFitError(file: path, error.message)
            }
            return hex(hasher)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ZoneFitError(file: path, "cannot read")
        }
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hex(hasher)
    }

    /// A finished hash as lower-case hex.
    public static func hex(_ hasher: SHA256) -> String {
        hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// A JSON object with keys in a fixed order.
    public var json: String {
        let stamp = ISO8601DateFormatter().string(from: created)
        let files = inputs.map(\.json).joined(separator: ",")
        var text = "{\"tool\":\"zonefit\",\"version\":\"\(Self.toolVersion)\",\"command\":\(JSONText.string(command))"
        text += ",\"inputs\":[\(files)]"
        text += ",\"scheme\":{\"id\":\(JSONText.string(schemeID)),\"sha256\":\"\(schemeSHA256)\"}"
        text +=
            ",\"rule_profile\":"
            + (profile.map { "{\"id\":\(JSONText.string($0.id)),\"sha256\":\"\($0.sha256)\"}" } ?? "null")
        if let sourceCRS { text += ",\"source_crs\":\(JSONText.string(sourceCRS))" }
        text += ",\"created\":\"\(stamp)\"}"
        return text
    }
}
