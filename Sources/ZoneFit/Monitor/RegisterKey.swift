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
        let packed: (UInt64, UInt64, UInt64)? = key.withUTF8 { bytes in
            guard bytes.count < 24, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            var words: (UInt64, UInt64, UInt64) = (0, 0, UInt64(bytes.count) << 56)
            withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) }
            return words
        }
        if let packed {
            (low, middle, high, text) = (packed.0, packed.1, packed.2, nil)
        } else {
            (low, middle, high, text) = (0, 0, 0, key)
        }
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
