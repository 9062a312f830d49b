import Dispatch

/// Where each key of the earlier register lies: an open-addressed table of
/// positions into the register's key array, probed in turn from a hash of the
/// key's packed words.
///
/// Hand-written: a `Dictionary<RegisterKey, Int>` keeps a copy of every key
/// (40 bytes) and its value in separate arrays and hashes with a seeded
/// SipHash on every probe; at a million keys its build and lookups were a
/// tenth of a diff. Here a slot is four bytes (the position plus one; 0 is
/// empty), half the slots stay free, and the key is compared in the key array
/// itself. The table is split into shards by the hash's top bits, each built
/// on its own thread.
struct KeyIndex: Sendable {
    private var shards: [[UInt32]]
    private let shardBits: Int

    /// The index of `keys`, on `threads` threads; and the repeated keys as (first position, repeated position).
    static func build(_ keys: [RegisterKey], threads: Int) -> (KeyIndex, repeats: [(first: Int, again: Int)]) {
        precondition(keys.count < Int(UInt32.max), "more firms than a key index holds")
        let shardBits = threads > 1 ? Int.bitWidth - (threads - 1).leadingZeroBitCount : 0
        let shardCount = 1 << shardBits
        // Slots for twice the keys a shard expects, a power of two.
        let slots = 1 << max(4, Int.bitWidth - (2 * keys.count / shardCount + 1).leadingZeroBitCount)
        nonisolated(unsafe) var built = [(slots: [UInt32], repeats: [(first: Int, again: Int)])](
            repeating: ([], []), count: shardCount)
        built.withUnsafeMutableBufferPointer { built in
            nonisolated(unsafe) let built = built
            DispatchQueue.concurrentPerform(iterations: shardCount) { shard in
                var table = [UInt32](repeating: 0, count: slots)
                var repeats: [(first: Int, again: Int)] = []
                let mask = slots - 1
                for (position, key) in keys.enumerated() {
                    let hash = key.hash64
                    guard Self.shard(hash, bits: shardBits) == shard else { continue }
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while table[slot] != 0 {
                        let other = Int(table[slot] - 1)
                        if keys[other] == key {
                            repeats.append((other, position))
                            break
                        }
                        slot = (slot + 1) & mask
                    }
                    if table[slot] == 0 { table[slot] = UInt32(position + 1) }
                }
                built[shard] = (table, repeats)
            }
        }
        return (KeyIndex(shards: built.map(\.slots), shardBits: shardBits), built.flatMap(\.repeats))
    }

    /// The position of `key` in `keys` (the array the index was built from); nil where it is not there.
    func position(of key: RegisterKey, in keys: [RegisterKey]) -> Int? {
        let hash = key.hash64
        let table = shards[Self.shard(hash, bits: shardBits)]
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while table[slot] != 0 {
            let position = Int(table[slot] - 1)
            if keys[position] == key { return position }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private static func shard(_ hash: UInt64, bits: Int) -> Int {
        bits == 0 ? 0 : Int(hash >> UInt64(64 - bits))
    }
}
