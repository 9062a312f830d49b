import Foundation

/// What `zonefit overlay` was asked to do.
public struct OverlayRequest: Sendable {
    public var input: String
    /// The input's format when neither its extension nor its content tells: "CSV" for a pipe.
    public var inputFormat: String?
    public var layer: String?
    public var whereClause: String?
    public var xField: String?
    public var yField: String?
    /// nil: the layer's own CRS, else WGS84.
    public var sourceCRS: SourceCRS?
    /// nil: no feature output; the placements go to the analyses only (fit's load, say).
    public var output: String?
    public var format: String?
    /// Defaults to `<output stem>.rejects.csv` beside the output (`<input stem>` without one).
    public var rejects: String?
    public var apportion: String?
    public var snapMetres: Double?
    public var workers: Int
    public var batchSize: Int
    /// Allow the streaming CSV path where it applies (false: always read and write through OGR).
    public var fastPath = true
    /// The CRS of the output (`OutputCRS`): nil for WGS84 lon/lat.
    public var targetCRS: String?
    /// How a Shapefile output is written.
    public var shapefile = ShapefileOptions()
    /// Hash the input for provenance even where the output carries none (the report's does).
    public var hashesInput = false
    /// How the input's text columns are typed (see `ColumnTypes`).
    public var types = ColumnTypes.Choice.inferred(overrides: [:])

    public init(input: String, output: String?) {
        self.input = input
        self.output = output
        self.workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        self.batchSize = 16_384
    }

    /// The rejects path actually used.
    public var rejectsPath: String {
        if let rejects { return rejects }
        return ((output ?? input) as NSString).deletingPathExtension + ".rejects.csv"
    }
}
