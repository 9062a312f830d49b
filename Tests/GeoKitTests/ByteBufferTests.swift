import Testing

@testable import GeoKit

@Suite("Byte buffer")
struct ByteBufferTests {
    @Test func growsKeepsItsBytesAndEmptiesForReuse() {
        let buffer = ByteBuffer(capacity: 4)
        buffer.append("成都")
        buffer.append(UInt8(ascii: ","))
        buffer.append(Array("104.06".utf8))
        Array(repeating: UInt8(ascii: "x"), count: 10_000).withUnsafeBytes { buffer.append($0) }
        let text = buffer.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        #expect(text == "成都,104.06" + String(repeating: "x", count: 10_000))
        #expect(buffer.count == text.utf8.count)
        buffer.removeAll()
        #expect(buffer.isEmpty)
        buffer.append("again")
        #expect(buffer.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } == "again")
    }

    @Test func wholeNumbersAsStringWritesThem() {
        var values: [Int64] = [0, 1, -1, 9, 10, -10, 99, 100, 1_000_000, Int64.max, Int64.min, Int64.min + 1]
        var power: Int64 = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, -power]
        }
        let buffer = ByteBuffer(capacity: 4)
        for value in values {
            buffer.removeAll()
            buffer.append(decimal: value)
            #expect(buffer.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } == String(value))
        }
    }
}
