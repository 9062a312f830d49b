import Foundation

/// The short texts of a `diff` (industry codes, non-core categories,
/// registration statuses), each kept once and named by a number, so a firm's
/// `FirmState` holds numbers where it held strings: a third of the size,
/// compared and copied without touching the heap. A few thousand texts serve
/// millions of firms; workers ask through a `Memo` of their own and take the
/// lock only for a text they have not met.
final class InternedTexts: @unchecked Sendable {
    /// No text (an absent cell, a firm in no category).
    static let none: Int32 = -1

    private let lock = NSLock()
    private var texts: [String] = []
    private var ids: [String: Int32] = [:]

    /// The number of `text`, given it on first sight.
    func id(_ text: String) -> Int32 {
        lock.withLock {
            if let id = ids[text] { return id }
            let id = Int32(texts.count)
            texts.append(text)
            ids[text] = id
            return id
        }
    }

    /// The text numbered `id`; nil for `none`.
    subscript(id: Int32) -> String? {
        guard id != Self.none else { return nil }
        return lock.withLock { texts[Int(id)] }
    }

    /// One worker's numbers for the texts it has met.
    final class Memo {
        private let table: InternedTexts
        private var known: [String: Int32] = [:]

        init(_ table: InternedTexts) { self.table = table }

        func id(_ text: String?) -> Int32 {
            guard let text else { return InternedTexts.none }
            if let id = known[text] { return id }
            let id = table.id(text)
            known[text] = id
            return id
        }
    }
}
