import Foundation

/// A column header as registers write it, reduced to what it names: full-width
/// forms made half-width (`（平方米）` → `(平方米)`, `ｌｏｎ` → `lon`, `㎡` → `m2`),
/// case and spaces ignored, square brackets read as parentheses, and a unit in
/// closing parentheses split off: `用地面积（亩）` is the base `用地面积` in the unit `亩`.
struct HeaderName: Equatable, Sendable {
    let base: String
    let unit: String?

    init(_ header: String) {
        var text = header.precomposedStringWithCompatibilityMapping.lowercased().filter { !$0.isWhitespace }
        text = String(text.map { "[【〔".contains($0) ? "(" : "]】〕".contains($0) ? ")" : $0 })
        if text.hasSuffix(")"), let open = text.lastIndex(of: "("), open > text.startIndex {
            base = String(text[..<open])
            unit = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        } else {
            (base, unit) = (text, nil)
        }
    }

    /// Whether a column headed `self` is the one `wanted` names: the same base, and the same unit where
    /// `wanted` gives one (`营业收入` names `营业收入（元）`; `营业收入(万元)` does not).
    func isNamed(by wanted: HeaderName) -> Bool {
        base == wanted.base && (wanted.unit == nil || wanted.unit == unit)
    }

    /// The first of `headers` (not in `taken`) that the earliest of `names` names.
    static func column(named names: [String], in headers: [HeaderName], taken: Set<Int> = []) -> Int? {
        names.lazy.compactMap { name in
            let wanted = HeaderName(name)
            return headers.indices.first { !taken.contains($0) && headers[$0].isNamed(by: wanted) }
        }.first
    }
}
