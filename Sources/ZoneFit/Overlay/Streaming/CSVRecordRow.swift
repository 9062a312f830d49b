import GeoKit

/// A CSV record of the streaming path as an `InputRow`: its fields become
/// values only when an analysis asks for them, as OGR's CSV driver gives them
/// (text; a missing trailing field is null).
struct CSVRecordRow: InputRow {
    let bytes: UnsafeRawBufferPointer
    let record: Range<Int>
    let fields: CSVScanner.Fields
    let number: Int

    func value(_ index: Int) -> FieldValue { CSVFastPath.field(bytes, record, fields, index) }
}
