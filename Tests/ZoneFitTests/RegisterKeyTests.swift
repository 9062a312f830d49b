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
            #expect(packed.hash64 == RegisterKey(text).hash64)
        }
    }

    /// The index finds every key of the array at its position, keys it lacks nowhere, and each repeat, on
    /// one thread or several (keys that differ in one character, as a register's do).
    /// Small registers on many threads: every shard keeps free slots, so building and a miss both end.
    @Test(arguments: [1, 16, 64])
    func smallRegistersOnManyThreads(threads: Int) {
        for count in [0, 1, 17, 80, 119, 300] {
            let keys = (0..<count).map { RegisterKey(String(format: "91510100MA%08d", $0)) }
            let (index, repeats) = KeyIndex.build(keys, threads: threads)
            #expect(repeats.isEmpty)
            #expect(keys.indices.allSatisfy { index.position(of: keys[$0], in: keys) == $0 })
            #expect(
                (count..<count + 200).allSatisfy {
                    index.position(of: RegisterKey(String(format: "91510100MA%08d", $0)), in: keys) == nil
                })
        }
    }

    @Test(arguments: [1, 2, 3])
    func theIndexFindsEveryKeyAndEveryRepeat(threads: Int) {
        var keys = (0..<20_000).map { RegisterKey(String(format: "91510100MA%08d", $0)) }
        keys += [RegisterKey("91510100MA00000007"), RegisterKey("编号-一"), RegisterKey("编号-一")]
        let (index, repeats) = KeyIndex.build(keys, threads: threads)
        #expect((0..<20_000).allSatisfy { index.position(of: keys[$0], in: keys) == $0 })
        // A repeated key is found where it first stands.
        #expect(index.position(of: keys[20_000], in: keys) == 7 && index.position(of: keys[20_002], in: keys) == 20_001)
        #expect(index.position(of: RegisterKey("91510100MA00020000"), in: keys) == nil)
        #expect(index.position(of: RegisterKey("编号-二"), in: keys) == nil)
        #expect(repeats.map { [$0.first, $0.again] }.sorted { $0[0] < $1[0] } == [[7, 20_000], [20_001, 20_002]])
    }
}
