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
        let hashes = keys.map(\.hash64)
        // Each shard twice the slots of the keys it holds (a power of two), so a probe always meets a free slot.
        let counts = hashes.reduce(into: [Int](repeating: 0, count: shardCount)) {
            $0[Self.shard($1, bits: shardBits)] += 1
        }
        nonisolated(unsafe) var built = [(slots: [UInt32], repeats: [(first: Int, again: Int)])](
            repeating: ([], []), count: shardCount)
        built.withUnsafeMutableBufferPointer { built in
            nonisolated(unsafe) let built = built
            DispatchQueue.concurrentPerform(iterations: shardCount) { shard in
                let slots = 1 << max(4, Int.bitWidth - (2 * counts[shard]).leadingZeroBitCount)
                var table = [UInt32](repeating: 0, count: slots)
                var repeats: [(first: Int, again: Int)] = []
                let mask = slots - 1
                for position in keys.indices where Self.shard(hashes[position], bits: shardBits) == shard {
                    let key = keys[position]
                    var slot = Int(truncatingIfNeeded: hashes[position]) & mask
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
