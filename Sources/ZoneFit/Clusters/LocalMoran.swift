/// Local Moran's I (Anselin 1995) with row-standardised weights: each cell's
/// standardised value times the mean of its neighbours', so that high cells
/// among high neighbours (HH) and low among low (LL) are clusters, HL and LH
/// outliers. The arithmetic follows esda's `Moran_Local`:
/// zᵢ = (yᵢ − ȳ) / s (population s), Iᵢ = (n − 1) zᵢ · lagᵢ / Σ z².
/// Significance by conditional permutation, as esda does it: one set of random
/// draws shared by every cell (draw r stands for cell r, or r + 1 from cell i
/// on, so a cell never draws itself), and the folded ("directed") pseudo
/// p-value (M + 1) / (R + 1). The draws are seeded, so a run repeats exactly;
/// they are not numpy's, so p-values agree with esda in distribution, not cell
/// by cell.
public struct LocalMoran: Sendable {
    public enum Quadrant: String, Sendable {
        case highHigh = "HH"
        case lowHigh = "LH"
        case lowLow = "LL"
        case highLow = "HL"
    }

    public let statistics: [Double]
    public let quadrants: [Quadrant]
    /// Pseudo p-values; empty when no permutations were asked for.
    public let pValues: [Double]

    /// nil when the values do not vary (no firm of the chain, or the same everywhere).
    public init?(_ values: [Double], _ weights: SpatialWeights, permutations: Int, seed: UInt64) {
        let n = values.count
        let mean = values.reduce(0, +) / Double(n)
        let deviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)).squareRoot()
        guard n > 2, deviation > 0 else { return nil }
        let z = values.map { ($0 - mean) / deviation }
        let denominator = z.reduce(0) { $0 + $1 * $1 }
        let scale = Double(n - 1) / denominator
        let lags = weights.neighbours.map { list in
            list.isEmpty ? 0 : list.reduce(0) { $0 + z[$1] } / Double(list.count)
        }
        statistics = z.indices.map { scale * z[$0] * lags[$0] }
        quadrants = z.indices.map { i in
            switch (z[i] > 0, lags[i] > 0) {
            case (true, true): .highHigh
            case (false, true): .lowHigh
            case (false, false): .lowLow
            case (true, false): .highLow
            }
        }
        pValues =
            permutations > 0
            ? Self.permutationTest(z, weights, lags: lags, permutations: permutations, seed: seed) : []
    }

    /// For every cell, how often a random draw of as many neighbours as it has gives an I as extreme.
    private static func permutationTest(
        _ z: [Double], _ weights: SpatialWeights, lags: [Double], permutations: Int, seed: UInt64
    ) -> [Double] {
        let n = z.count
        let most = min(weights.neighbours.map(\.count).max() ?? 0, n - 1)
        // Row p holds `most` distinct draws from 0..<n−1.
        var random = SeededRandom(seed: seed, stream: 0)
        var draws = [Int](repeating: 0, count: permutations * most)
        for p in 0..<permutations {
            let row = p * most
            var filled = 0
            while filled < most {
                let candidate = random.below(n - 1)
                if !draws[row..<(row + filled)].contains(candidate) {
                    draws[row + filled] = candidate
                    filled += 1
                }
            }
        }
        return z.indices.map { i in
            let k = weights.neighbours[i].count
            guard k > 0 else { return 1 }
            // Iᵢ(perm) ≥ Iᵢ ⟺ zᵢ · Σ drawn ≥ zᵢ · k · lagᵢ: the sums are compared, not the statistics.
            let observed = lags[i] * Double(k)
            var larger = 0
            draws.withUnsafeBufferPointer { draws in
                z.withUnsafeBufferPointer { z in
                    for p in 0..<permutations {
                        var sum = 0.0
                        let row = p * most
                        for j in 0..<k {
                            let r = draws[row + j]
                            sum += z[r < i ? r : r + 1]
                        }
                        let extreme = z[i] > 0 ? sum >= observed : z[i] < 0 ? sum <= observed : true
                        if extreme { larger += 1 }
                    }
                }
            }
            let folded = min(larger, permutations - larger)
            return Double(folded + 1) / Double(permutations + 1)
        }
    }
}
