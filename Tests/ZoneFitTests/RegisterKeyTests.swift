import Testing

@testable import ZoneFit

/// The keys `diff` matches firms by: packed or kept as text, the same key is the same key, and reads back.
@Suite("register keys")
struct RegisterKeyTests {
    @Test(arguments: [
        "91510104MA61XK5Q3B", "", "A", "12345678901234567890123", "123456789012345678901234", "编号-001", "x\u{0}y",
    ])
    func keysReadBackAndMatchThemselvesOnly(key: String) {
        #expect(RegisterKey(key).description == key)
        #expect(RegisterKey(key) == RegisterKey(String(key)))
        #expect(RegisterKey(key) != RegisterKey(key + "0"))
        #expect(Set([RegisterKey(key), RegisterKey(key + " ")]).count == 2)
    }

    @Test func keysOfEveryLengthDiffer() {
        let keys = (0..<30).map { String(repeating: "9", count: $0) }
        #expect(Set(keys.map(RegisterKey.init)).count == keys.count)
    }
}
