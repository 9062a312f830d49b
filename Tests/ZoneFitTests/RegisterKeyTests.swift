import Foundation
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

    /// A register's bytes are packed as they stand only where they are the key as compared; the key is then
    /// the one its text makes, and lands in the same shard.
    @Test(arguments: [
        ("91510104MA61XK5Q3B", true), ("91510104ma61xk5q3b", false), (" 91510104MA61XK5Q3B", false),
        ("91510104MA61XK5Q3B\t", false), ("", false), ("编号-001", false), ("123456789012345678901234", false),
        ("A-1", true),
    ])
    func plainBytesPackOnlyAsCompared(text: String, packs: Bool) {
        var text = text
        let packed = text.withUTF8 { RegisterKey(asCompared: UnsafeRawBufferPointer($0)) }
        #expect((packed != nil) == packs)
        if let packed {
            #expect(packed == RegisterKey(text))
            #expect((1...4).allSatisfy { packed.shard($0) == RegisterKey(text).shard($0) })
        }
    }

    @Test func shardsShareTheKeysOut() {
        let keys = (0..<10_000).map { RegisterKey(String(format: "91510100MA%08d", $0)) }
        let counts = Dictionary(grouping: keys, by: { $0.shard(2) }).mapValues(\.count)
        #expect(counts.keys.sorted() == [0, 1])
        #expect(counts.values.allSatisfy { $0 > 4_000 })
    }
}
