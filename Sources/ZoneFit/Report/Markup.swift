/// A small writer for XML-shaped text (SVG, and the report's XHTML-compatible
/// HTML): every attribute quoted, every text and attribute value escaped, every
/// opened element closed. `finish()` refuses to return text with an element
/// still open, so a caller cannot produce a half-closed document.
public struct Markup: Sendable {
    public private(set) var text = ""
    private var open: [String] = []

    public init() {}

    /// `&`, `<`, `>` and `"` escaped, for text and double-quoted attribute values.
    /// Characters XML 1.0 forbids (control characters other than tab and newlines) are dropped.
    public static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func attributes(_ attributes: KeyValuePairs<String, String?>) -> String {
        attributes.compactMap { key, value in value.map { " \(key)=\"\(escape($0))\"" } }.joined()
    }

    /// Opens an element; `nil` attribute values are left out.
    public mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        text += "<\(name)\(Self.attributes(attributes))>"
        open.append(name)
    }

    /// Opens an element with attributes known only at run time.
    public mutating func open(_ name: String, attributes: [(String, String?)]) {
        text +=
            "<\(name)" + attributes.compactMap { key, value in value.map { " \(key)=\"\(Self.escape($0))\"" } }.joined()
            + ">"
        open.append(name)
    }

    /// Closes the innermost open element.
    public mutating func close() {
        guard let name = open.popLast() else { preconditionFailure("Markup.close() with no open element") }
        text += "</\(name)>"
    }

    /// An element with no children, self-closed (`<path d="…"/>`).
    public mutating func empty(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        text += "<\(name)\(Self.attributes(attributes))/>"
    }

    /// An element holding only escaped text.
    public mutating func element(
        _ name: String, _ attributes: KeyValuePairs<String, String?> = [:], text content: String
    ) {
        text += "<\(name)\(Self.attributes(attributes))>\(Self.escape(content))</\(name)>"
    }

    /// Escaped text inside the current element.
    public mutating func text(_ content: String) { text += Self.escape(content) }

    /// Markup produced by another writer (already escaped and closed).
    public mutating func raw(_ markup: String) { text += markup }

    public mutating func newline() { text += "\n" }

    public var isBalanced: Bool { open.isEmpty }

    /// The text, once every element is closed.
    public func finish() -> String {
        precondition(open.isEmpty, "Markup.finish() with open elements: \(open.joined(separator: " > "))")
        return text
    }
}

/// Numbers as SVG coordinates: at most one decimal, no exponent, no "-0".
enum SVGNumber {
    static func format(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        if tenths == 0 { return "0" }
        if tenths.truncatingRemainder(dividingBy: 10) == 0 { return String(Int(tenths / 10)) }
        return String(format: "%.1f", tenths / 10)
    }
}
