/// A GDAL PostgreSQL data source name (`PG:dbname=… host=… tables=…`, or
/// `PG:postgresql://…`) as libpq takes it: the `PG:` prefix and the keywords
/// only GDAL knows (`tables`, `schemas`, `active_schema`, `list_all_tables`)
/// taken out, everything else (password, service, sslmode …) passed on as
/// written. `active_schema` is kept apart: tables named without a schema go there.
struct PostgresConnectionString: Equatable {
    let conninfo: String
    let activeSchema: String?

    private static let gdalKeywords: Set<String> = ["tables", "schemas", "active_schema", "list_all_tables"]

    init(_ name: String) {
        var text = Substring(name)
        if text.lowercased().hasPrefix("pg:") { text = text.dropFirst(3) }
        text = text.drop(while: \.isWhitespace)
        // A URI carries its options in its query, which GDAL leaves to libpq too.
        guard !text.contains("://") else {
            (conninfo, activeSchema) = (String(text), nil)
            return
        }
        var kept: [Substring] = []
        var schema: String?
        for pair in Self.pairs(text) {
            let keyword = pair.keyword.lowercased()
            if keyword == "active_schema" { schema = Self.unquoted(pair.value) }
            if !Self.gdalKeywords.contains(keyword) { kept.append(pair.text) }
        }
        conninfo = kept.joined(separator: " ")
        activeSchema = schema
    }

    /// The `keyword = value` pairs of libpq's keyword form, each as written; a value is a
    /// quoted string ('…', backslash escapes) or runs to the next unescaped blank.
    private static func pairs(_ text: Substring) -> [(keyword: Substring, value: Substring, text: Substring)] {
        var pairs: [(Substring, Substring, Substring)] = []
        var index = text.startIndex
        func skipBlanks() { while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) } }
        while true {
            skipBlanks()
            guard index < text.endIndex else { break }
            let start = index
            while index < text.endIndex, text[index] != "=", !text[index].isWhitespace {
                index = text.index(after: index)
            }
            let keyword = text[start..<index]
            skipBlanks()
            guard index < text.endIndex, text[index] == "=" else {
                pairs.append((keyword, "", text[start..<index]))  // libpq will say what is wrong with it
                continue
            }
            index = text.index(after: index)
            skipBlanks()
            let valueStart = index
            let quoted = index < text.endIndex && text[index] == "'"
            if quoted { index = text.index(after: index) }
            while index < text.endIndex {
                let character = text[index]
                if character == "\\" {
                    index = text.index(after: index)
                    if index < text.endIndex { index = text.index(after: index) }
                    continue
                }
                index = text.index(after: index)
                if quoted ? character == "'" : false { break }
                if !quoted && index < text.endIndex && text[index].isWhitespace { break }
            }
            pairs.append((keyword, text[valueStart..<index], text[start..<index]))
        }
        return pairs
    }

    /// A value without its quotes and escapes.
    private static func unquoted(_ value: Substring) -> String {
        var body = value
        if body.hasPrefix("'") {
            body = body.dropFirst()
            if body.hasSuffix("'") { body = body.dropLast() }
        }
        var result = ""
        var escaped = false
        for character in body {
            if !escaped && character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            result.append(character)
        }
        return result
    }
}
