import Dispatch

/// Reads the next batch on a thread of its own while the current one is placed
/// and written, so that reading (the input's driver: a database's cursor, a
/// GeoJSON parser) and writing (the output's COPY or file) overlap instead of
/// taking turns on the run's thread. The reader is touched only by that thread,
/// one read at a time; the input and the output are separate GDAL datasets, so
/// neither is ever used from two threads at once.
final class BatchPrefetch<Batch>: @unchecked Sendable {
    private let read: () throws -> Batch
    private let queue = DispatchQueue(label: "zonefit.prefetch")
    private var pending: DispatchWorkItem?
    private var result: Result<Batch, Error>?

    init(_ read: @escaping () throws -> Batch) {
        self.read = read
    }

    /// The batch read ahead (read now the first time), with the read of the one after it begun;
    /// `isLast` tells from a batch whether to stop reading ahead.
    func next(isLast: (Batch) -> Bool) throws -> Batch {
        if pending == nil { start() }
        pending?.wait()
        let batch = try result!.get()
        result = nil
        pending = nil
        if !isLast(batch) { start() }
        return batch
    }

    private func start() {
        let work = DispatchWorkItem { [unowned self] in self.result = Result { try self.read() } }
        pending = work
        queue.async(execute: work)
    }

    /// A read still running finishes before the reader goes: it must not outlive the run.
    deinit { pending?.wait() }
}
