import GeoKit

/// A CSV record of the streaming path as an `InputRow`: its fields become
/// values only when an analysis asks for them, as OGR's CSV driver gives them
/// (text; a missing trailing field is null).
struct CSVRecordRow {
    let bytes: UnsafeRawBufferPointer
    let record: Range<Int>
    let fields: CSVScanner.Fields
    let number: Int

    func value(_ index: Int) -> FieldValue { CSVFastPath.field(bytes, record, fields, index) }

    /// Field `index`'s bytes where they are its text: present, unquoted, in a regular record.
    func plainBytes(_ index: Int) -> UnsafeRawBufferPointer? {
        guard index < fields.count, !fields.isEscaped(index), !fields.irregular else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[fields[index]])
    }

    /// The commonest answers of a flag column read from the bytes: empty, 0, 1, false, true; nil for anything else.
    func plainAnswer(_ index: Int) -> Bool? {
        guard index < fields.count else { return false }
        guard let field = plainBytes(index) else { return nil }
        switch field.count {
        case 0: return false
        case 1: return field[0] == UInt8(ascii: "0") ? false : field[0] == UInt8(ascii: "1") ? true : nil
        case 4: return field.elementsEqual("true".utf8) ? true : nil
        case 5: return field.elementsEqual("false".utf8) ? false : nil
        default: return nil
        }
    }

    /// A plain decimal is read from the bytes (the same double `Double(text)` gives); anything else as `NumericCell` reads it.
    func number(_ index: Int) -> Double? {
        CSVFastPath.plainNumber(bytes, fields, index) ?? (try? NumericCell.parse(value(index)))
    }
}
