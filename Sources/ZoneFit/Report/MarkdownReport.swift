/// Writes a `ReportDocument` as Markdown (GitHub-flavoured tables), with the
/// maps as SVG files under maps/ beside it.
public enum MarkdownReport {
    /// The Markdown text and the map files (name → standalone SVG).
    public static func render(_ document: ReportDocument) -> (text: String, maps: [(name: String, svg: String)]) {
        var lines = ["# \(inline(document.title))", "", "_\(inline(document.subtitle))_", ""]
        var maps: [(String, String)] = []
        let strings = ReportStrings(document.language)
        for (index, section) in document.sections.enumerated() {
            lines += ["<a id=\"\(section.id)\"></a>", "", "## \(inline(section.title))", ""]
            for block in section.blocks {
                switch block {
                case .heading(let text): lines += ["### \(inline(text))", ""]
                case .paragraph(let text): lines += [inline(text), ""]
                case .note(let text): lines += ["> **\(inline(text))**", ""]
                case .bullets(let items): lines += items.map { "- \(inline($0))" } + [""]
                case .figures(let figures):
                    lines += figures.map { "- \(inline($0.label)): **\(inline($0.value))**" } + [""]
                case .table(let table):
                    lines.append("| " + table.header.map(cell).joined(separator: " | ") + " |")
                    lines.append(
                        "|"
                            + table.header.indices.map { table.numericColumns.contains($0) ? " ---: |" : " --- |" }
                            .joined())
                    for row in table.rows {
                        lines.append("| " + row.map { cell($0.text) }.joined(separator: " | ") + " |")
                    }
                    lines.append("")
                case .map(let name, _, let standalone, let caption, _):
                    maps.append((name, standalone))
                    lines += ["![\(inline(caption))](maps/\(name).svg)", "", "_\(inline(caption))_", ""]
                }
            }
            if index == 0 {
                lines += ["### \(strings.contents)", ""]
                lines += document.sections.filter(\.inContents).enumerated().map {
                    "\($0 + 1). [\(inline($1.title))](#\($1.id))"
                }
                lines.append("")
            }
        }
        return (lines.joined(separator: "\n"), maps)
    }

    /// Text that Markdown would read as markup (emphasis, links, HTML) escaped.
    static func inline(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\", "*", "_", "`", "[", "]", "<", ">": out += "\\\(character)"
            case "#" where out.isEmpty: out += "\\#"
            case "\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    static func cell(_ text: String) -> String { inline(text).replacingOccurrences(of: "|", with: "\\|") }
}
