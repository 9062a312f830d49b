/// How a Shapefile output is written: the text encoding of its DBF (named in its
/// `.cpg`), and what to do with a text longer than a DBF field holds.
public struct ShapefileOptions: Sendable, Equatable {
    public enum Encoding: String, Sendable, CaseIterable {
        case utf8 = "UTF-8"
        case gbk = "GBK"

        /// The name GDAL's Shapefile driver takes (its ENCODING option) and writes to the `.cpg`.
        var gdalName: String { self == .utf8 ? "UTF-8" : "CP936" }

        /// Bytes a text takes in this encoding. GBK: one byte for ASCII, two for every other character
        /// (those GBK holds; GDAL refuses the rest when it recodes).
        func byteCount(_ text: Substring) -> Int {
            switch self {
            case .utf8: text.utf8.count
            case .gbk: text.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 1 : 2) }
            }
        }

        /// "utf-8", "UTF8", "gbk", "cp936", "gb2312" … (case-insensitive); nil for others.
        public init?(named name: String) {
            switch name.lowercased().replacingOccurrences(of: "-", with: "") {
            case "utf8": self = .utf8
            case "gbk", "cp936", "gb2312", "936": self = .gbk
            default: return nil
            }
        }
    }

    public var encoding: Encoding = .utf8
    /// Write each text longer than `ShapefileFields.maxTextBytes` whole to `<stem>.long-text.csv`
    /// (keyed by FID and field), cut at a character boundary in the DBF; false: such a text stops the run.
    public var longTextCSV = false

    public init(encoding: Encoding = .utf8, longTextCSV: Bool = false) {
        self.encoding = encoding
        self.longTextCSV = longTextCSV
    }
}
