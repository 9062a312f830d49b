import GeoKit

/// One input row as the analyses read it: its fields by index, whichever reader
/// made it. The OGR path hands out `SourceFeature`s; the streaming CSV path a
/// view of the record's bytes, whose fields become values only when asked for.
public protocol InputRow {
    /// 1 = the first data row (the rejects file's `row`).
    var number: Int { get }
    /// Field `index` of the input's fields; null where the row has no such field.
    func value(_ index: Int) -> FieldValue
}

extension SourceFeature: InputRow {
    public func value(_ index: Int) -> FieldValue { index < values.count ? values[index] : .null }
}
