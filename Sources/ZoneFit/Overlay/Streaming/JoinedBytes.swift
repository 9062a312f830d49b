/// Byte strings end to end in one allocation, read by index as raw views: the
/// row writer's per-cell assignment text and per-field JSON keys, read for every
/// row on every core. An array of arrays (or `withUnsafeBytes` on one array) had
/// each read count a shared buffer's references up and down from both cores;
/// reading these views touches no reference count.
struct JoinedBytes: @unchecked Sendable {
    // Unchecked: the bytes are written once, in `init`, and only read after.
    private final class Storage {
        let bytes: UnsafeMutableRawPointer
        let ends: UnsafeMutablePointer<Int>

        init(byteCount: Int, count: Int) {
            bytes = .allocate(byteCount: max(byteCount, 1), alignment: 1)
            ends = .allocate(capacity: max(count, 1))
        }

        deinit {
            bytes.deallocate()
            ends.deallocate()
        }
    }

    private let storage: Storage
    private let bytes: UnsafeRawPointer
    private let ends: UnsafePointer<Int>
    let count: Int

    init(_ parts: [[UInt8]]) {
        let store = Storage(byteCount: parts.reduce(0) { $0 + $1.count }, count: parts.count)
        var end = 0
        for (index, part) in parts.enumerated() {
            part.withUnsafeBytes { part in
                if let base = part.baseAddress { (store.bytes + end).copyMemory(from: base, byteCount: part.count) }
            }
            end += part.count
            store.ends[index] = end
        }
        storage = store
        bytes = UnsafeRawPointer(store.bytes)
        ends = UnsafePointer(store.ends)
        count = parts.count
    }

    /// The bytes of part `index`.
    subscript(index: Int) -> UnsafeRawBufferPointer {
        let start = index > 0 ? ends[index - 1] : 0
        return UnsafeRawBufferPointer(start: bytes + start, count: ends[index] - start)
    }
}
