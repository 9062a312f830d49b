/// The report's content, independent of its form: sections of blocks that
/// the HTML and Markdown writers render the same way, so both files carry the
/// same words and figures.
public struct ReportDocument: Sendable {
    public var language: ReportLanguage
    public var title: String
    public var subtitle: String
    public var sections: [Section]
    /// The layers every interactive map of report.html shares.
    public var layers: InteractiveMap.Layers?

    public struct Section: Sendable {
        /// The HTML id (`unit-<id>` for unit pages).
        public var id: String
        public var title: String
        public var blocks: [Block]
        /// Listed in the table of contents.
        public var inContents = true
        public init(id: String, title: String, blocks: [Block] = [], inContents: Bool = true) {
            (self.id, self.title, self.blocks, self.inContents) = (id, title, blocks, inContents)
        }
    }

    public enum Block: Sendable {
        case heading(String)
        case paragraph(String)
        /// A highlighted note (data status warnings).
        case note(String)
        case bullets([String])
        /// Label → value pairs shown as a grid of key figures.
        case figures([(label: String, value: String, field: String?)])
        case table(Table)
        /// An SVG map: `name` is its file under maps/ beside report.md; `spec` what the interactive map draws.
        case map(name: String, svg: String, standaloneSVG: String, caption: String, spec: InteractiveMap.Spec)
    }

    public struct Cell: Sendable {
        public var text: String
        /// `data-field` on the HTML cell: the output field the figure comes from.
        public var field: String?
        public init(_ text: String, field: String? = nil) { (self.text, self.field) = (text, field) }
    }

    public struct Table: Sendable {
        public var id: String?
        public var header: [String]
        public var rows: [[Cell]]
        /// A key per row, written as `rowAttribute` (`data-unit` by default; nil: no attribute).
        public var rowUnits: [String?]
        public var rowAttribute: String
        public var numericColumns: Set<Int>
        public init(
            id: String? = nil, header: [String], rows: [[Cell]], rowUnits: [String?]? = nil,
            rowAttribute: String = "data-unit",
            numericColumns: Set<Int> = []
        ) {
            self.id = id
            self.header = header
            self.rows = rows
            self.rowUnits = rowUnits ?? Array(repeating: nil, count: rows.count)
            self.rowAttribute = rowAttribute
            self.numericColumns = numericColumns
        }
    }
}
