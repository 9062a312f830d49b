import Foundation

/// How numbers print in the report. The tests format the fit and relocate
/// outputs with these same functions to check the report's figures.
public enum ReportFormat {
    /// Fixed decimals, thousands grouped with commas ("12,345.6").
    public static func number(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "—" }
        let text = String(format: "%.\(decimals)f", value)
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        grouped = whole + grouped
        let result = parts.count > 1 ? grouped + "." + parts[1] : grouped
        return negative && result.contains(where: { $0 != "0" && $0 != "." && $0 != "," }) ? "-" + result : result
    }

    public static func integer(_ value: Int) -> String { number(Double(value), decimals: 0) }
    /// A change: "+12", "-3", "0".
    public static func signed(_ value: Int) -> String { (value > 0 ? "+" : "") + integer(value) }
    /// D, U1, U2, C, T: three decimals.
    public static func score(_ value: Double) -> String { String(format: "%.3f", value) }
    public static func hectares(_ m2: Double) -> String { number(m2 / 10_000, decimals: 1) }
    public static func mu(_ m2: Double) -> String { number(m2 / 666.67, decimals: 0) }
    public static func percent(_ share: Double) -> String { String(format: "%.0f%%", 100 * share) }

    /// An indicator value: four significant figures, grouped.
    public static func value(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        if value == 0 { return "0" }
        let magnitude = Int(floor(log10(abs(value))))
        return number(value, decimals: max(0, min(6, 3 - magnitude)))
    }
}
