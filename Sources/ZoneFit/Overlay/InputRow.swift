import GeoKit

/// One input row as the analyses read it: its fields by index, whichever reader
/// made it. The OGR path hands out `SourceFeature`s; the streaming CSV path a
/// view of the record's bytes, whose fields become values only when asked for.
/// A concrete type, not a protocol: generic code over a protocol looked up type
/// metadata under a runtime lock on every row, and the workers queued on it.
public struct InputRow {
    enum Source {
        case feature(SourceFeature)
        case record(CSVRecordRow)
    }

    let source: Source

    init(_ feature: SourceFeature) { source = .feature(feature) }
    init(_ record: CSVRecordRow) { source = .record(record) }

    /// 1 = the first data row (the rejects file's `row`).
    public var number: Int {
        switch source {
        case .feature(let feature): feature.number
        case .record(let record): record.number
        }
    }

    /// Field `index` of the input's fields; null where the row has no such field.
    public func value(_ index: Int) -> FieldValue {
        switch source {
        case .feature(let feature): index < feature.values.count ? feature.values[index] : .null
        case .record(let record): record.value(index)
        }
    }

    /// `body` on field `index` as the reader holds it, where those bytes are the field's text
    /// (the streaming path's unquoted fields); nil otherwise.
    func withPlainBytes<Result>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result? {
        guard case .record(let record) = source else { return nil }
        return record.plainBytes(index).map(body)
    }

    /// Whether field `index` says yes (see `FirmColumns.isYes`).
    public func isYes(_ index: Int) -> Bool {
        if case .record(let record) = source, let answer = record.plainAnswer(index) { return answer }
        switch value(index) {
        case .boolean(let flag): return flag
        case .integer(let number): return number != 0
        case .real(let number): return number != 0
        case .string(let text): return FirmColumns.isYes(text)
        case .null: return false
        }
    }

    /// Field `index` as a number (see `NumericCell`); nil when empty or not a number.
    public func number(_ index: Int) -> Double? {
        switch source {
        case .feature: try? NumericCell.parse(value(index))
        case .record(let record): record.number(index)
        }
    }
}
