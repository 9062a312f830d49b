import Foundation
import GeoKit

/// Formats the output bytes of placed CSV records for the streaming path:
/// CSV rows (the input record's own bytes where it is regular, else its fields
/// re-quoted) or GeoJSON features, each followed by zonefit's fields, whose
/// text is made once per cell, not once per row.
struct RowWriter: Sendable {
    private let format: OutputFormat
    private let headerCount: Int
    private let snapping: Bool
    private let lonLat: Bool
    /// Per cell: the assignment fields as CSV (",adcode,…,is_core") or as JSON members.
    private let assignments: [[UInt8]]
    /// JSON keys of every output field, with their colon: "\"name\":".
    private let keys: [[UInt8]]

    init(layer: ZoneLayer, header: [String], schema: OverlaySchema, format: OutputFormat, snapping: Bool, lonLat: Bool) {
        self.format = format
        self.headerCount = header.count
        self.snapping = snapping
        self.lonLat = lonLat
        keys = GeoJSONWriter.keys(schema.fields).map { Array(($0 + ":").utf8) }
        let assignmentKeys = keys[header.count..<(header.count + OverlaySchema.assignmentFields.count)]
        assignments = layer.cells.map { cell in
            let unit = layer.units[cell.unitIndex]
            let values: [FieldValue] = [.string(cell.adcode), .string(cell.district), .string(unit.id), .string(unit.name),
                                        .string(unit.zone.rawValue), .boolean(unit.isCore)]
            if format == .csv {
                return Array(values.map { "," + Self.csvText($0) }.joined().utf8)
            }
            return Array(zip(assignmentKeys, values).map { "," + String(decoding: $0, as: UTF8.self) + JSONText.value($1) }.joined().utf8)
        }
    }

    /// A value as OGR's CSV writer prints it (booleans as 1 and 0, reals with 15 significant digits).
    static func csvText(_ value: FieldValue) -> String {
        switch value {
        case .boolean(let flag): return flag ? "1" : "0"
        case .real(let number): return String(format: "%.15g", number)
        default: return CSVScanner.quoted(value.text ?? "")
        }
    }

    /// The values after the assignment: snapping and WGS84 lon/lat columns, when on.
    private func extras(lon: Double, lat: Double, snapped: Double?) -> [FieldValue] {
        var values: [FieldValue] = []
        if snapping { values += [.boolean(snapped != nil), snapped.map(FieldValue.real) ?? .null] }
        if lonLat { values += [.real(lon), .real(lat)] }
        return values
    }

    /// `utf8`: the record is known to be valid UTF-8 (else it is checked here).
    func append(_ bytes: UnsafeRawBufferPointer, _ record: Range<Int>, _ fields: CSVScanner.Fields, utf8: Bool, number: Int,
                cell: Int, lon: Double, lat: Double, snapped: Double?, first: Bool, to out: inout [UInt8]) {
        let extra = snapping || lonLat ? extras(lon: lon, lat: lat, snapped: snapped) : []
        let regular = !fields.irregular && (utf8 || CSVScanner.isUTF8(UnsafeRawBufferPointer(rebasing: bytes[record])))
        switch format {
        case .csv:
            if regular && fields.count == headerCount {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[record]))
            } else {
                let texts = CSVFastPath.padded(CSVFastPath.texts(bytes, record, fields), headerCount)
                out.append(contentsOf: texts.map(CSVScanner.quoted).joined(separator: ",").utf8)
            }
            out.append(contentsOf: assignments[cell])
            for value in extra { out.append(contentsOf: ("," + Self.csvText(value)).utf8) }
            out.append(UInt8(ascii: "\n"))
        default:
            if format == .geojson && !first { out.append(contentsOf: ",\n".utf8) }
            out.append(contentsOf: "{\"type\":\"Feature\",\"id\":\(number),\"properties\":{".utf8)
            let texts = regular ? nil : CSVFastPath.texts(bytes, record, fields)
            for index in 0..<headerCount {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: keys[index])
                if let texts {
                    out.append(contentsOf: (index < texts.count ? JSONText.string(texts[index]) : "null").utf8)
                } else if index < fields.count && !fields.isEscaped(index) {
                    Self.appendJSONString(UnsafeRawBufferPointer(rebasing: bytes[fields.ranges[index]]), to: &out)
                } else {
                    out.append(contentsOf: (index < fields.count ? JSONText.string(CSVScanner.text(bytes, fields, index)) : "null").utf8)
                }
            }
            out.append(contentsOf: assignments[cell])
            for (offset, value) in extra.enumerated() {
                out.append(UInt8(ascii: ","))
                out.append(contentsOf: keys[headerCount + OverlaySchema.assignmentFields.count + offset])
                out.append(contentsOf: JSONText.value(value).utf8)
            }
            out.append(contentsOf: "},\"geometry\":".utf8)
            out.append(contentsOf: GeoJSONWriter.point(x: lon, y: lat).utf8)
            out.append(UInt8(ascii: "}"))
            if format == .geojsonSeq { out.append(UInt8(ascii: "\n")) }
        }
    }

    /// Valid UTF-8 bytes as a JSON string, escaping quotes, backslashes and control characters.
    static func appendJSONString(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
            case UInt8(ascii: "\n"): out.append(contentsOf: [92, UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append(contentsOf: [92, UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): out.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0..<0x20: out.append(contentsOf: Array(JSONText.string(String(UnicodeScalar(byte))).utf8.dropFirst().dropLast()))
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
