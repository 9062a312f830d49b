/// Up to 15 bytes of a cell and their count, in two words: a dictionary key
/// hashed and compared as numbers, for the memos that look a short cell up on
/// every row (industry codes, statuses). Hashing a String made of the cell
/// costs its allocation, and for Chinese text a normalisation check besides.
struct ShortBytes: Hashable {
    let low: UInt64
    let high: UInt64

    /// Nil for 16 bytes or more.
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count < 16 else { return nil }
        var words: (UInt64, UInt64) = (0, UInt64(bytes.count) << 56)
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
        low = words.0
        high = words.1
    }
}
