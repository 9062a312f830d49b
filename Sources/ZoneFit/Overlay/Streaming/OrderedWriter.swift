import Dispatch

/// Runs write jobs one after another on a background thread, so the next
/// batches are parsed and placed while the last ones are written. `submit`
/// waits while two jobs are queued or running, so memory holds three batches
/// at most (one written, one waiting, one placed): a second slot lets the
/// workers go on when a round's output takes longer to write than the next
/// round to place, as relocate's wider rows do. The first error is kept and
/// rethrown by `finish()`.
final class OrderedWriter: @unchecked Sendable {
    private let queue = DispatchQueue(label: "zonefit.writer")
    private let slots = DispatchSemaphore(value: 2)
    /// Touched only on `queue`.
    private var failure: Error?

    /// Queues `job` after the ones before it; blocks while two of them are still pending.
    func submit(_ job: @escaping @Sendable () throws -> Void) {
        slots.wait()
        queue.async {
            defer { self.slots.signal() }
            guard self.failure == nil else { return }
            do { try job() } catch { self.failure = error }
        }
    }

    /// Waits for every job; rethrows the first error.
    func finish() throws {
        try queue.sync {
            if let failure { throw failure }
        }
    }
}
