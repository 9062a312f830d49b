import Foundation

/// What `zonefit overlay` was asked to do.
public struct OverlayRequest: Sendable {
    public var input: String
    public var layer: String?
    public var whereClause: String?
    public var xField: String?
    public var yField: String?
    /// nil: the layer's own CRS, else WGS84.
    public var sourceCRS: SourceCRS?
    public var output: String
    public var format: String?
    /// Defaults to `<output stem>.rejects.csv` beside the output.
    public var rejects: String?
    public var apportion: String?
    public var snapMetres: Double?
    public var workers: Int
    public var batchSize: Int
    /// Allow the streaming CSV path where it applies (false: always read and write through OGR).
    public var fastPath = true

    public init(input: String, output: String) {
        self.input = input
        self.output = output
        self.workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        self.batchSize = 16_384
    }

    /// The rejects path actually used.
    public var rejectsPath: String {
        if let rejects { return rejects }
        return (output as NSString).deletingPathExtension + ".rejects.csv"
    }
}
