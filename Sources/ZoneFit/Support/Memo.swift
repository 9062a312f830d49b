import Foundation

/// Values of a pure function by key, shared by the worker threads of a run:
/// any thread may fill in a missing value, since every thread would make the
/// same one. Bounded: past `limit` keys (a register of garbage codes, say) it
/// starts afresh rather than growing without end.
final class Memo<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var values: [Key: Value] = [:]
    let limit: Int

    init(limit: Int = 20_000) { self.limit = limit }

    /// A slice's own view: it asks the shared memo, under its lock, only for keys it has not seen.
    struct Local {
        let shared: Memo
        private var seen: [Key: Value] = [:]

        init(_ shared: Memo) { self.shared = shared }

        mutating func value(_ key: Key, _ make: () -> Value) -> Value {
            if let known = seen[key] { return known }
            let value = shared.value(key, make)
            if seen.count < shared.limit { seen[key] = value }
            return value
        }
    }

    func value(_ key: Key, _ make: () -> Value) -> Value {
        if let known = lock.withLock({ values[key] }) { return known }
        let made = make()
        lock.withLock {
            if values.count >= limit { values.removeAll(keepingCapacity: true) }
            values[key] = made
        }
        return made
    }
}
