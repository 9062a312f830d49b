import Dispatch

/// Runs write jobs one after another on a background thread, so the next
/// batch is parsed and placed while the last one is written. `submit` waits
/// while the last job is still running, so memory holds two batches at most
/// (one written, one placed); the first error is kept and rethrown by `finish()`.
final class OrderedWriter: @unchecked Sendable {
    private let queue = DispatchQueue(label: "zonefit.writer")
    private let slots = DispatchSemaphore(value: 1)
    /// Touched only on `queue`.
    private var failure: Error?

    /// Queues `job` after the one before it; blocks while that one still runs.
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
