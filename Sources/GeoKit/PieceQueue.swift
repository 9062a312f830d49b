import Dispatch
import Foundation

/// Hands the pieces of a block out in order to whichever thread asks next, so a
/// thread slowed by another sharing its core does not hold the others up.
public final class PieceQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var taken = 0
    private let count: Int

    private init(count: Int) { self.count = count }

    private func next() -> Int? {
        lock.withLock {
            guard taken < count else { return nil }
            defer { taken += 1 }
            return taken
        }
    }

    /// Calls `body(piece, thread)` for every piece in `0..<pieces`, on `threads` threads
    /// (the caller's among them); each thread index is used by one thread only.
    public static func run(_ pieces: Int, threads: Int, _ body: @Sendable (_ piece: Int, _ thread: Int) -> Void) {
        let queue = PieceQueue(count: pieces)
        DispatchQueue.concurrentPerform(iterations: max(1, threads)) { thread in
            while let piece = queue.next() { body(piece, thread) }
        }
    }
}
