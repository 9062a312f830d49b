import Foundation
import TOMLKit

/// Reads zonefit's TOML files (zone schemes, rule profiles) with one-line
/// errors that name the file and the line or key.
enum TOMLFile {
    static func decode<T: Decodable>(_ type: T.Type, from path: String, what: String) throws -> T {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ZoneFitError(file: path, "cannot read \(what) (missing, unreadable or not UTF-8)")
        }
        do {
            return try TOMLDecoder().decode(T.self, from: text)
        } catch let error as TOMLParseError {
            throw ZoneFitError(file: path, "line \(error.source.begin.line): \(error.description)")
        } catch let error as DecodingError {
            throw ZoneFitError(file: path, describe(error))
        }
    }

    /// Paths in a TOML file are relative to the file's folder; absolute paths, `/vsi` paths and connection strings (`PG:…`)
    /// stay as they are.
    static func resolver(relativeTo path: String) -> @Sendable (String) -> String {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return { relative in
            relative.hasPrefix("/") || DataSourceName.kind(relative) == .connection
                ? relative : folder.appendingPathComponent(relative).path
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func keyPath(_ path: [CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return
                "missing key '\(key.stringValue)' in \(keyPath(context.codingPath).isEmpty ? "the top level" : keyPath(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(keyPath(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
