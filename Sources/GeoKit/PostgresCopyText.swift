/// Rows in PostgreSQL's COPY text format: values separated by tabs, a row
/// ended by a newline, NULL as `\N`, and a backslash, tab, newline or carriage
/// return in a text written as its backslash escape. Geometries go as hex
/// EWKB, the form PostGIS reads fastest, with the column's SRID in it.
///
/// Written here because GDAL's writer, the alternative, formats through an
/// OGR feature and `printf` (see `PostgresConnection`); reals are written in
/// Swift's shortest form that reads back as the same number.
public enum PostgresCopyText {
    /// `value` as a cell of a column declared `type` (`PostgresTableWriter.columnType`).
    public static func append(_ value: FieldValue, as type: FieldType, to out: ByteBuffer) {
        switch value {
        case .null: out.append(null)
        case .integer(let number): out.append(decimal: number)
        case .real(let number): appendReal(number, to: out)
        case .boolean(let flag):
            switch type {
            case .boolean: out.append(UInt8(ascii: flag ? "t" : "f"))
            case .string: out.append(flag ? "true" : "false")
            case .integer, .real: out.append(UInt8(ascii: flag ? "1" : "0"))
            }
        case .string(let text): appendText(text, to: out)
        }
    }

    /// A NULL cell.
    public static let null: [UInt8] = Array(#"\N"#.utf8)

    static func appendReal(_ number: Double, to out: ByteBuffer) {
        if number.isNaN { return out.append("NaN") }
        if number.isInfinite { return out.append(number < 0 ? "-Infinity" : "Infinity") }
        if number == number.rounded(.towardZero) && abs(number) < 1e15 {
            // "-0" keeps the sign a whole-number path would lose.
            return number == 0 && number.sign == .minus ? out.append("-0") : out.append(decimal: Int64(number))
        }
        out.append(number.description)
    }

    /// A text with COPY's escapes, read in place.
    public static func appendText(_ text: String, to out: ByteBuffer) {
        var text = text
        text.withUTF8 { appendText(UnsafeRawBufferPointer($0), to: out) }
    }

    /// The same from valid UTF-8 bytes: runs that need no escape are copied whole.
    public static func appendText(_ utf8: UnsafeRawBufferPointer, to out: ByteBuffer) {
        var run = 0
        for index in utf8.indices {
            let escape: UInt8
            switch utf8[index] {
            case UInt8(ascii: "\\"): escape = UInt8(ascii: "\\")
            case UInt8(ascii: "\t"): escape = UInt8(ascii: "t")
            case UInt8(ascii: "\n"): escape = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): escape = UInt8(ascii: "r")
            default: continue
            }
            out.append(UnsafeRawBufferPointer(rebasing: utf8[run..<index]))
            out.append(UInt8(ascii: "\\"))
            out.append(escape)
            run = index + 1
        }
        out.append(UnsafeRawBufferPointer(rebasing: utf8[run...]))
    }

    /// A 2D point as hex EWKB (little-endian, with its SRID).
    static func appendPoint(x: Double, y: Double, srid: Int32, to out: ByteBuffer) {
        appendHex(UInt8(1), to: out)
        appendHex(UInt32(0x2000_0001).littleEndian, to: out)
        appendHex(srid.littleEndian, to: out)
        appendHex(x.bitPattern.littleEndian, to: out)
        appendHex(y.bitPattern.littleEndian, to: out)
    }

    /// Little-endian 2D WKB as hex EWKB: the SRID flag set in its type and the SRID after it.
    /// (Anything else, which `PostgresTableWriter` never gives, goes as plain hex WKB.)
    static func appendEWKB(_ wkb: UnsafeRawBufferPointer, srid: Int32, to out: ByteBuffer) {
        guard wkb.count >= 5, wkb[0] == 1 else { return appendHex(wkb, to: out) }
        let type = UInt32(littleEndian: wkb.loadUnaligned(fromByteOffset: 1, as: UInt32.self))
        appendHex(UInt8(1), to: out)
        appendHex((type | 0x2000_0000).littleEndian, to: out)
        appendHex(srid.littleEndian, to: out)
        appendHex(UnsafeRawBufferPointer(rebasing: wkb[5...]), to: out)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A value's bytes as they lie in memory (the caller has made them little-endian), in hex.
    private static func appendHex<T: BitwiseCopyable>(_ value: T, to out: ByteBuffer) {
        withUnsafeBytes(of: value) { appendHex($0, to: out) }
    }

    private static func appendHex(_ bytes: UnsafeRawBufferPointer, to out: ByteBuffer) {
        out.reserve(bytes.count * 2)
        hexDigits.withUnsafeBufferPointer { digits in
            for byte in bytes {
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0f)])
            }
        }
    }
}
