/// Writes a `ReportDocument` as one self-contained HTML5 file that is also
/// well-formed XML: inline CSS, SVG and scripts (the vendored Leaflet, the map
/// viewer and the maps' layers, each in a CDATA section), no external font,
/// image or link — nothing that needs the network. Every map is interactive
/// where scripts run and its static SVG where they do not, and in print.
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
        // Raw: CSS holds quotes that escaping would break, and none of `<` or `&` (checked by the tests).
        html.raw(ReportStyle.css + "\n" + LeafletAsset.css + "\n" + MapViewerScript.css)
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
        if let layers = document.layers, let script = try? InteractiveMap.script(layers) {
            for (comment, code) in [
                ("Leaflet \(LeafletAsset.version)\n\(LeafletAsset.licence)", LeafletAsset.script),
                ("zonefit map layers", script), ("zonefit map viewer", MapViewerScript.script),
            ] {
                html.open("script")
                html.raw("//<![CDATA[\n/*\n\(comment)\n*/\n\(code)\n//]]>")
                html.close()
                html.newline()
            }
        }
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
        case .map(let name, let svg, _, let caption, let spec):
            html.open("figure", ["id": "map-\(name)", "data-map": name])
            html.element(
                "div",
                [
                    "class": spec.small ? "zf-map zf-small" : "zf-map",
                    "data-zonefit-map": InteractiveMap.attribute(spec),
                ],
                text: "")
            html.raw(svg)
            html.element("figcaption", text: caption)
            html.close()
        }
        html.newline()
    }
}
