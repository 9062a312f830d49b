/// Writes a `ReportDocument` as one self-contained HTML5 file that is also
/// well-formed XML: inline CSS and SVG, no script, no external font, image or
/// link — nothing that needs the network.
public enum HTMLReport {
    public static func render(_ document: ReportDocument) -> String {
        var html = Markup()
        html.raw("<!DOCTYPE html>\n")
        html.open("html", ["lang": document.language.tag])
        html.open("head")
        html.empty("meta", ["charset": "utf-8"])
        html.empty("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
        html.element("title", text: document.title)
        html.open("style")
        html.text(ReportStyle.css)
        html.close()
        html.close()
        html.newline()
        html.open("body")
        html.open("header", ["class": "cover"])
        html.element("h1", text: document.title)
        html.element("p", ["class": "subtitle"], text: document.subtitle)
        html.close()
        for (index, section) in document.sections.enumerated() {
            html.newline()
            html.open("section", ["id": section.id, "class": section.id.hasPrefix("unit-") ? "unit" : nil])
            html.element("h2", text: section.title)
            for block in section.blocks { render(block, into: &html) }
            if index == 0 { contents(document, into: &html) }
            html.close()
        }
        html.newline()
        html.close()
        html.close()
        html.newline()
        return html.finish()
    }

    private static func contents(_ document: ReportDocument, into html: inout Markup) {
        let strings = ReportStrings(document.language)
        html.open("nav", ["class": "contents"])
        html.element("h3", text: strings.contents)
        html.open("ol")
        for section in document.sections where section.inContents {
            html.open("li")
            html.element("a", ["href": "#\(section.id)"], text: section.title)
            html.close()
        }
        html.close()
        html.close()
    }

    static func render(_ block: ReportDocument.Block, into html: inout Markup) {
        switch block {
        case .heading(let text):
            html.element("h3", text: text)
        case .paragraph(let text):
            html.element("p", text: text)
        case .note(let text):
            html.element("div", ["class": "note"], text: text)
        case .bullets(let items):
            html.open("ul")
            for item in items { html.element("li", text: item) }
            html.close()
        case .figures(let figures):
            html.open("dl", ["class": "figures"])
            for figure in figures {
                html.open("div")
                html.element("dt", text: figure.label)
                html.element("dd", ["data-field": figure.field], text: figure.value)
                html.close()
            }
            html.close()
        case .table(let table):
            html.open("table", ["id": table.id])
            html.open("thead")
            html.open("tr")
            for cell in table.header { html.element("th", text: cell) }
            html.close()
            html.close()
            html.open("tbody")
            for (row, unit) in zip(table.rows, table.rowUnits) {
                html.open("tr", attributes: [(table.rowAttribute, unit)])
                for (column, cell) in row.enumerated() {
                    html.element(
                        "td", ["class": table.numericColumns.contains(column) ? "num" : nil, "data-field": cell.field],
                        text: cell.text)
                }
                html.close()
            }
            html.close()
            html.close()
        case .map(let name, let svg, _, let caption):
            html.open("figure", ["id": "map-\(name)", "data-map": name])
            html.raw(svg)
            html.element("figcaption", text: caption)
            html.close()
        }
        html.newline()
    }
}
