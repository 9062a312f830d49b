import Foundation

/// What an input or output name is: a plain file, a GDAL virtual path
/// (`/vsizip/…`, `/vsigzip/…`) or a connection string (`PG:…`, any other
/// `DRIVER:…` name GDAL opens), and the name as it may be shown. Connection
/// strings carry passwords, which must appear in no output, message or record.
public enum DataSourceName {
    public enum Kind: Sendable, Equatable {
        case file, virtual, connection
    }

    public static func kind(_ name: String) -> Kind {
        if name.hasPrefix("/vsi") { return .virtual }
        // "C:\…" is a Windows path, not a driver prefix; a URI scheme counts as a connection.
        if let colon = name.firstIndex(of: ":"), name.distance(from: name.startIndex, to: colon) > 1,
            !name[..<colon].contains("/")
        {
            return .connection
        }
        return .file
    }

    /// True for `PG:…` and `postgresql://…` names: PostgreSQL/PostGIS, read through GDAL's PostgreSQL
    /// driver and written through libpq.
    public static func isPostgreSQL(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasPrefix("pg:") || lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
    }

    /// `text` with every password in it replaced by `***`: libpq's `password=…` (quoted, or up to the
    /// next unescaped blank, so a URI query's `&…` after it goes too) and the `user:password@` of a
    /// connection URI. Where in doubt, more is hidden, never less.
    public static func redacted(_ text: String) -> String {
        guard text.range(of: "password", options: .caseInsensitive) != nil || text.contains("://") else {
            return text
        }
        var result = text
        for (pattern, template) in redactions {
            result = pattern.stringByReplacingMatches(
                in: result, range: NSRange(result.startIndex..., in: result), withTemplate: template)
        }
        return result
    }

    private static let redactions: [(NSRegularExpression, String)] = [
        // password='it\'s' (libpq escapes with a backslash) or password=se\ cret, up to an unescaped blank.
        (try! NSRegularExpression(pattern: #"(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'?|(?:\\.|[^\s\\])*)"#), "$1***"),
        (try! NSRegularExpression(pattern: #"(?i)([a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]*@"#), "$1***@"),
    ]
}
