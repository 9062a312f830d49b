/// One chain's statistics over the study grid: the measure per cell, Gi*
/// z-scores with normal p-values and their false-discovery-rate adjustment,
/// Local Moran's I with its quadrant and permutation p-value. A cell is a hot
/// (cold) spot when its Gi* q ≤ α and z > 0 (< 0); a Local Moran cluster or
/// outlier when its pseudo p ≤ α.
public struct ChainHotSpots: Sendable {
    public enum Spot: String, Sendable {
        case hot, cold
        case notSignificant = "ns"
    }

    public let values: [Double]
    public let z: [Double?]
    public let p: [Double?]
    public let q: [Double?]
    public let spots: [Spot]
    public let moran: LocalMoran?

    /// `random`: the run's seed and this chain's stream of it, for the permutations.
    public init(
        values: [Double], weights: SpatialWeights, alpha: Double, permutations: Int,
        random: (seed: UInt64, stream: UInt64)
    ) {
        self.values = values
        z = GetisOrd.zScores(values, weights)
        p = z.map { $0.map(GetisOrd.pValue) }
        q = FalseDiscoveryRate.adjusted(p)
        spots = zip(z, q).map { z, q in
            guard let z, let q, q <= alpha else { return .notSignificant }
            return z > 0 ? .hot : .cold
        }
        moran = LocalMoran(values, weights, permutations: permutations, seed: random.seed, stream: random.stream)
    }

    /// The cell's Local Moran class at `alpha`: its quadrant when significant, else "ns" (and nil without a test).
    public func moranClass(_ cell: Int, alpha: Double) -> String? {
        guard let moran, !moran.pValues.isEmpty else { return nil }
        return moran.pValues[cell] <= alpha ? moran.quadrants[cell].rawValue : Spot.notSignificant.rawValue
    }

    public var hotCells: Int { spots.filter { $0 == .hot }.count }
    public var coldCells: Int { spots.filter { $0 == .cold }.count }
}
