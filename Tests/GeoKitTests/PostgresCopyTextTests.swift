import Testing

@testable import GeoKit

@Suite("PostgreSQL COPY text")
struct PostgresCopyTextTests {
    private func cell(_ value: FieldValue, as type: FieldType) -> String {
        let out = ByteBuffer(capacity: 4)
        PostgresCopyText.append(value, as: type, to: out)
        return out.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    @Test func escapesWhatCOPYWouldReadAsSeparatorsAndKeepsTheRest() {
        #expect(cell(.string("成都\t高新\n区\\b\r"), as: .string) == #"成都\t高新\n区\\b\r"#)
        #expect(cell(.string(""), as: .string) == "")
        #expect(cell(.string(#"\N"#), as: .string) == #"\\N"#)
        #expect(cell(.null, as: .integer) == #"\N"#)
    }

    @Test func numbersReadBackAsTheSameNumber() {
        #expect(cell(.integer(-42), as: .integer) == "-42")
        for number in [0.1, -104.0657, 1e-300, 123_456_789.125, 1e15, 2e20] {
            #expect(Double(cell(.real(number), as: .real)) == number)
        }
        #expect(cell(.real(30), as: .real) == "30")
        #expect(cell(.real(-0.0), as: .real) == "-0")
        #expect(cell(.real(.nan), as: .real) == "NaN")
        #expect(cell(.real(-.infinity), as: .real) == "-Infinity")
    }

    @Test func booleansTakeTheirColumnsForm() {
        #expect(cell(.boolean(true), as: .boolean) == "t")
        #expect(cell(.boolean(false), as: .string) == "false")
        #expect(cell(.boolean(true), as: .integer) == "1")
    }

    @Test func geometriesAreHexEWKBWithTheirSRID() {
        let out = ByteBuffer(capacity: 4)
        PostgresCopyText.appendPoint(x: 1, y: 2, srid: 4326, to: out)
        // PostGIS: SELECT ST_AsEWKB('SRID=4326;POINT(1 2)'::geometry, 'NDR')
        #expect(
            out.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
                == "0101000020e6100000000000000000f03f0000000000000040")
        // POINT(1 2) as plain little-endian WKB: the same EWKB once the SRID is put in.
        let wkb: [UInt8] =
            [1, 1, 0, 0, 0] + withUnsafeBytes(of: 1.0, Array.init) + withUnsafeBytes(of: 2.0, Array.init)
        let fromWKB = ByteBuffer(capacity: 4)
        wkb.withUnsafeBytes { PostgresCopyText.appendEWKB($0, srid: 4326, to: fromWKB) }
        #expect(fromWKB.withUnsafeBytes { Array($0) } == out.withUnsafeBytes { Array($0) })
    }
}
