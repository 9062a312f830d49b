import Foundation
import GeoKit

/// `zonefit relocate` on the placements stream: for firms in central units,
/// flags non-core functions, explains each flag, ranks receiving parks and
/// adds up what leaving frees per unit. Firms outside the central city are
/// never flagged. The rows are judged on the workers (`RelocationSlice`).
public final class Relocation: PlacementAnalysis {
    public let command = "relocate"
    public var profile: (id: String, path: String)? { (rules.id, rules.path) }
    /// The profile's names for the industry code and the USCC: a code such as 3825 is not a number.
    public var codeColumns: [String] { [FirmField.industryCode, .uscc].flatMap(rules.fieldNames.headers) }
    public var fieldNames: FieldNames? { rules.fieldNames }
    public private(set) var summary = RelocationSummary()

    let rules: NoncoreProfile
    let classifier: NoncoreClassifier
    let sites: ReceivingSites?
    let top: Int
    let flaggedOnly: Bool
    private(set) var columns = FirmColumns()
    /// The layout of the fields relocate adds, one new each call (see `RelocationSlice`).
    func makeLayout() -> RowLayout<RelocationRow> { RelocationRow.layout(receivers: sites == nil ? 0 : top) }

    /// `parks`: the receiving parks' layer, when sites are ranked, its headers named by `parkColumns`.
    public init(
        profile: NoncoreProfile, parks: SourceReference?, parkColumns: ParkColumnNames = ParkColumnNames(),
        layer: ZoneLayer, top: Int, flaggedOnly: Bool
    ) throws {
        self.rules = profile
        self.classifier = try NoncoreClassifier(profile)
        self.sites = try parks.map {
            try ReceivingSites(
                $0, layer: layer, classification: profile.classification, categories: profile.categories,
                columnNames: parkColumns)
        }
        self.top = top
        self.flaggedOnly = flaggedOnly
        summary.categories = profile.categories.keys.sorted()
    }

    public func prepare(inputFields: [FieldDefinition], layer: ZoneLayer) throws -> [FieldDefinition] {
        columns = FirmColumns(try FieldMapping(fields: inputFields, names: rules.fieldNames))
        guard columns.index(.industryCode) != nil else {
            let names = rules.fieldNames.headers(.industryCode).joined(separator: ", ")
            throw ZoneFitError(
                "no industry code column: expected one of \(names) (add yours under [fields] in \(fileName(rules.path)))"
            )
        }
        return makeLayout().fields
    }

    public func makeSlice() -> any AnalysisSlice { RelocationSlice(self) }

    public func merge(_ slice: any AnalysisSlice) {
        guard let slice = slice as? RelocationSlice else { return }
        summary.add(slice.summary)
    }

    /// A reason template with its {placeholders} filled, in one pass (Foundation's
    /// replacingOccurrences, five times a row, was a third of a relocate run).
    /// Unknown placeholders stay as written.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let value = values[String(rest[afterOpen..<close])] {
                out += value
                rest = rest[rest.index(after: close)...]
            } else {
                out += "{"
                rest = rest[afterOpen...]
            }
        }
        return out + rest
    }

    static func round(_ value: Double) -> Double { (value * 100).rounded() / 100 }
    /// Two decimals as `String(format: "%.2f")` prints them, ties to even on the exact binary value,
    /// appended to `bytes` without Foundation's formatter (twelve times for every flagged firm).
    static func appendShort(_ value: Double, to bytes: inout [UInt8]) {
        let scaled = value * 100
        guard value.isFinite, abs(scaled) < 1e15 else {
            bytes += String(format: "%.2f", value).utf8
            return
        }
        var hundredths = scaled.rounded(.toNearestOrEven)
        // `scaled` is rounded; the exact product decides a tie, and a rounding that crossed a half.
        let error = (-scaled).addingProduct(value, 100)  // value·100 − scaled, exactly
        if abs(scaled - hundredths) == 0.5 && error != 0 {
            hundredths = error > 0 ? scaled.rounded(.up) : scaled.rounded(.down)
        }
        if hundredths < 0 || (hundredths == 0 && value.sign == .minus) { bytes.append(UInt8(ascii: "-")) }
        let whole = UInt64(abs(hundredths))
        let units = whole / 100
        var divisor: UInt64 = 1
        while divisor <= units / 10 { divisor *= 10 }
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(units / divisor % 10))
            divisor /= 10
        } while divisor > 0
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(ascii: "0") + UInt8(whole % 100 / 10))
        bytes.append(UInt8(ascii: "0") + UInt8(whole % 10))
    }
}
