/// A firm's key as `diff` matches it: a USCC (18 characters) or another short
/// key packed into three words, hashed and compared as numbers; a longer or
/// non-ASCII key kept as its text. A million USCCs as Strings made the earlier
/// register's index a sixth of a diff (hashing, comparing and copying text).
struct RegisterKey: Hashable, Sendable {
    private let low: UInt64
    private let middle: UInt64
    /// The last eight bytes; the top byte holds the length for a packed key.
    private let high: UInt64
    private let text: String?

    init(_ key: String) {
        var key = key
        if let words = key.withUTF8({ Self.packed(UnsafeRawBufferPointer($0)) }) {
            (low, middle, high, text) = (words.0, words.1, words.2, nil)
        } else {
            (low, middle, high, text) = (0, 0, 0, key)
        }
    }

    /// `bytes` packed where they are a key as compared already: no small letters and no spaces around; nil
    /// otherwise (the key is then made from its text, trimmed and in capitals).
    init?(asCompared bytes: UnsafeRawBufferPointer) {
        guard let first = bytes.first, let last = bytes.last, first > 0x20, last > 0x20,
            !bytes.contains(where: { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }),
            let words = Self.packed(bytes)
        else { return nil }
        (low, middle, high, text) = (words.0, words.1, words.2, nil)
    }

    /// ASCII of fewer than 24 bytes in three words, its length in the top byte; nil for any other key.
    private static func packed(_ bytes: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt64)? {
        guard bytes.count < 24, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        var words: (UInt64, UInt64, UInt64) = (0, 0, UInt64(bytes.count) << 56)
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
        return words
    }

    /// 64 well-mixed bits of the key, for `KeyIndex` (a multiply–xorshift of the packed words; a text key's
    /// own hash).
    var hash64: UInt64 {
        if let text { return UInt64(bitPattern: Int64(text.hashValue)) }
        var mixed = (low &* 0x9E37_79B9_7F4A_7C15) ^ (middle &* 0xC2B2_AE3D_27D4_EB4F) ^ (high &* 0x1656_67B1_9E37_79F9)
        mixed ^= mixed >> 29
        mixed &*= 0xBF58_476D_1CE4_E5B9
        return mixed ^ (mixed >> 32)
    }

    /// The key as written.
    var description: String {
        if let text { return text }
        var words = (low, middle, high)
        return withUnsafeBytes(of: &words) { bytes in
            String(decoding: bytes.prefix(Int(high >> 56)), as: UTF8.self)
        }
    }
}
