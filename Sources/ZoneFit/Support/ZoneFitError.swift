/// A failure a planner can act on: one line naming the file, the row or
/// feature, the field and what was expected.
public struct ZoneFitError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }

    /// "<file>: <what>" — the form every input error takes.
    public init(file: String, _ what: String) { self.message = "\(file): \(what)" }

    public var description: String { message }
}
