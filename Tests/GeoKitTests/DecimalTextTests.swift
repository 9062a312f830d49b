import Foundation
import Testing

@testable import GeoKit

@Suite("Plain decimals read from bytes")
struct DecimalTextTests {
    func parse(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBytes { DecimalText.parse($0) }
    }

    @Test func agreesWithStrtodBitForBit() {
        var generator = SystemRandomNumberGenerator()
        var checked = 0
        for _ in 0..<200_000 {
            let whole = Int.random(in: -180...180, using: &generator)
            let decimals = Int.random(in: 0...12, using: &generator)
            var text = String(whole)
            if decimals > 0 {
                text +=
                    "."
                    + String((0..<decimals).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            }
            guard let fast = parse(text) else { continue }
            #expect(fast.bitPattern == Double(text)!.bitPattern, "\(text)")
            checked += 1
        }
        #expect(checked > 190_000)
        for text in [
            "0", "-0", "-0.0", "104.058510", "30.596763", "999999999999999", "0.1", "0.300000000000001",
            "123456789012345", "0.0000000000000000000001", "00000104.5",
        ] {
            if let fast = parse(text) { #expect(fast.bitPattern == Double(text)!.bitPattern, "\(text)") }
        }
        #expect(parse("-0")!.sign == .minus)
    }

    @Test func leavesEverythingElseToTheFullParser() {
        for text in [
            "", "-", ".5", "5.", "1e5", "+1", " 1", "1 ", "1,5", "１０４", "nan", "inf", "1.2.3",
            "1234567890123456", "0.12345678901234567", "1.00000000000000000000001",
        ] {
            #expect(parse(text) == nil, "\(text)")
        }
    }
}
