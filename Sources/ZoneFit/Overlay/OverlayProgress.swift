/// How far a run has got, reported after each batch.
public struct OverlayProgress: Sendable {
    /// Rows or features read so far.
    public var rows: Int
    /// The share of the input done, when it can be told (bytes of a CSV, or
    /// features when the driver knows their count cheaply).
    public var fraction: Double?
}

/// Receives progress on the thread that reads the input.
public typealias OverlayProgressHandler = @Sendable (OverlayProgress) -> Void
