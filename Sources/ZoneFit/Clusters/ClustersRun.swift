import Dispatch
import Foundation
import GeoKit

/// What `zonefit clusters` was asked to do.
public struct ClustersRequest: Sendable {
    public var enterprises: OverlayRequest
    /// The unit layer of location quotients (one feature per unit and chain).
    public var output: String
    public var format: String?
    /// The grid cells' layer; default beside the output (see `gridPath`).
    public var grid: String?
    public var targetCRS: String?
    public var measure = ChainMeasure.firms
    /// Grid cell size, metres in the scheme's projected CRS.
    public var cellSize = ClustersRequest.defaultCellSize
    /// nil: a binary distance band of 1.5 cells.
    public var weights: SpatialWeights.Kind?
    public var alpha = 0.05
    public var permutations = 999
    public var seed: UInt64 = 1
    public var minimumFirms = 30
    /// Only the cells with a firm of some chain in the grid layer (the statistics still use every cell).
    public var nonzeroOnly = false

    public init(enterprises: OverlayRequest, output: String) {
        self.enterprises = enterprises
        self.output = output
    }

    /// The grid cell size of `zonefit clusters` and of the report.
    public static let defaultCellSize = 1000.0

    var weightsKind: SpatialWeights.Kind { weights ?? .band(metres: 1.5 * cellSize) }

    /// A file beside the output: `clusters.csv` beside `clusters.geojson`, never the output itself.
    func sidePath(_ ending: String) -> String {
        let stem = (output as NSString).deletingPathExtension
        let path = "\(stem).\(ending)"
        return path == output ? "\(stem).clusters.\(ending)" : path
    }

    /// The grid layer's path: given, else `<stem>.grid.gpkg` beside a GeoPackage and `<stem>.grid.geojson` beside
    /// anything else.
    var gridPath: String {
        grid ?? sidePath(output.lowercased().hasSuffix(".gpkg") ? "grid.gpkg" : "grid.geojson")
    }
}

/// The outcome of a clusters run, for the console and the outputs.
public struct ClustersResult: Sendable {
    public var layer: ZoneLayer
    public var request: ClustersRequest
    public var chains: ChainTable
    public var grid: StudyGrid
    public var weights: SpatialWeights
    public var quotients: [LocationQuotient]
    public var coverage: [ChainCoverage]
    /// By chain.
    public var hotSpots: [ChainHotSpots]
    /// Chain firms whose point fell on no grid cell (not in the hot-spot statistics).
    public var offGrid: Int
    public var enterprises: OverlaySummary
    public var written: [String] = []

    /// A chain's ranked units (reliable quotients), most specialised first.
    public func ranked(chain: Int) -> [LocationQuotient] {
        quotients.filter { $0.chain == chain && $0.rank != nil }.sorted { $0.rank! < $1.rank! }
    }

    /// Firms with a readable industry code in the whole city: none means every quotient is empty.
    public var cityFirms: Int { quotients.first?.cityAll.firms ?? 0 }
}

public enum ClustersRun {
    /// Places the register in one pass that only counts (no feature output), then computes the quotients,
    /// the grid statistics (chains in parallel) and the coverage, and writes them; the rejects go beside the
    /// output, published with it.
    public static func run(_ request: ClustersRequest, rules: NoncoreProfile, layer: ZoneLayer) throws
        -> ClustersResult
    {
        guard !rules.classification.chains.chains.isEmpty else {
            throw ZoneFitError(file: rules.classification.chains.path ?? rules.path, "holds no chains")
        }
        try ClustersOutput.check(request)
        let grid = try StudyGrid(layer: layer, size: request.cellSize)
        if case .nearest(let k) = request.weightsKind, k >= grid.cells.count - 1 {
            throw ZoneFitError(
                "k-nearest weights of \(k) cells on a grid of only \(grid.cells.count) cells: k must be below \(grid.cells.count - 1)"
            )
        }
        var overlay = request.enterprises
        let rejects = try AtomicOutput(overlay.rejects ?? request.sidePath("enterprises.rejects.csv"))
        overlay.rejects = rejects.temporaryPath
        overlay.output = nil
        overlay.hashesInput = true
        let tally = try ChainTally(rules: rules, grid: grid, measure: request.measure)
        let summary = try OverlayRun.run(overlay, layer: layer, analyses: [tally])
        var result = analyse(tally, request: request, layer: layer, summary: summary)
        result.written = try ClustersOutput.write(result, profile: rules, rejects: rejects)
        return result
    }

    /// The clusters of the report's pass, written into its data folder: the defaults of `zonefit clusters`
    /// but no permutations (the report shows Gi* hot spots, not Local Moran) and only the grid cells with firms.
    static func forReport(
        _ tally: ChainTally, overlay: OverlayRequest, data: String, layer: ZoneLayer, rules: NoncoreProfile,
        summary: OverlaySummary
    ) throws -> ClustersResult {
        var request = ClustersRequest(enterprises: overlay, output: "\(data)/clusters.gpkg")
        request.grid = "\(data)/clusters.grid.gpkg"
        request.cellSize = ClustersRequest.defaultCellSize
        request.permutations = 0
        request.nonzeroOnly = true
        var result = analyse(tally, request: request, layer: layer, summary: summary)
        result.written = try ClustersOutput.write(result, profile: rules, rejects: nil)
        return result
    }

    /// The statistics of a filled tally (the report's pass fills one too).
    static func analyse(_ tally: ChainTally, request: ClustersRequest, layer: ZoneLayer, summary: OverlaySummary)
        -> ClustersResult
    {
        let weights = tally.grid.weights(request.weightsKind)
        let quotients = LocationQuotient.all(tally, minimumFirms: request.minimumFirms)
        let chainCount = tally.chains.chains.count
        let cellCount = tally.grid.cells.count
        let cells = tally.cells
        let measure = request.measure
        // Each chain's statistics on their own thread, written into their own slot.
        nonisolated(unsafe) var spots = [ChainHotSpots?](repeating: nil, count: chainCount)
        spots.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            DispatchQueue.concurrentPerform(iterations: chainCount) { chain in
                slots[chain] = ChainHotSpots(
                    values: (0..<cellCount).map { ChainSums.value(ofUnits: cells[$0 * chainCount + chain], measure) },
                    weights: weights, alpha: request.alpha, permutations: request.permutations,
                    random: (request.seed, UInt64(chain)))
            }
        }
        return ClustersResult(
            layer: layer, request: request, chains: tally.chains, grid: tally.grid, weights: weights,
            quotients: quotients, coverage: ChainCoverage.all(tally, quotients: quotients),
            hotSpots: spots.map { $0! }, offGrid: tally.offGrid, enterprises: summary)
    }
}
