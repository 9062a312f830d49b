/// Local Moran's I (Anselin 1995) with row-standardised weights: each cell's
/// standardised value times the mean of its neighbours', so that high cells
/// among high neighbours (HH) and low among low (LL) are clusters, HL and LH
/// outliers. The arithmetic follows esda's `Moran_Local`:
/// zᵢ = (yᵢ − ȳ) / s (population s), Iᵢ = (n − 1) zᵢ · lagᵢ / Σ z².
/// Significance by conditional permutation, as esda does it: one set of random
/// draws shared by every cell, never drawing the cell itself (see
/// `permutationTest`), and the folded ("directed") pseudo p-value
/// (M + 1) / (R + 1). The draws are seeded, so a run repeats exactly;
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
            ? Self.permutationTest(z, weights, permutations: permutations, seed: seed) : []
    }

    /// For every cell, how often a random draw of as many other cells as it has neighbours gives an I as
    /// extreme: Iᵢ(draw) ≥ Iᵢ ⟺ zᵢ · Σ drawn ≥ zᵢ · Σ neighbours, so sums are compared, not statistics (a sum
    /// within 1e-9 of the observed one, relative above 1, counts as a tie, and ties as extreme). As in esda,
    /// every cell reads the same rows of draws from 0..<n−1, a draw r standing for cell r before cell i and
    /// r + 1 from it on. A row's sum then changes only where i passes one of its draws, so the cells are swept
    /// in order, each row's sum kept in one sorted list, and a cell counts by binary search — a few thousand
    /// updates instead of permutations × neighbours additions per cell.
    private static func permutationTest(
        _ z: [Double], _ weights: SpatialWeights, permutations: Int, seed: UInt64
    ) -> [Double] {
        let n = z.count
        let cardinalities = weights.neighbours.map(\.count)
        let most = min(cardinalities.max() ?? 0, n - 1)
        var pValues = [Double](repeating: 1, count: n)
        guard most > 0 else { return pValues }
        // Row p holds `most` distinct draws from 0..<n−1; a cell with k neighbours reads the first k.
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
        let observed = weights.neighbours.map { $0.reduce(0) { $0 + z[$1] } }
        for k in 1...most where cardinalities.contains(k) {
            let rows = (0..<permutations).map { draws[($0 * most)..<($0 * most + k)].sorted() }
            func sum(_ row: Int, at cell: Int) -> Double { rows[row].reduce(0) { $0 + z[$1 >= cell ? $1 + 1 : $1] } }
            var current = rows.indices.map { sum($0, at: 0) }
            var sorted = current.sorted()
            // Where cell i passes draw r (at i = r + 1), the draw stops standing for r + 1.
            let changes = rows.indices.flatMap { row in rows[row].map { (cell: $0 + 1, row: row) } }
                .sorted { $0.cell < $1.cell }
            var next = 0
            for i in 0..<n {
                while next < changes.count, changes[next].cell == i {
                    let row = changes[next].row
                    sorted.remove(at: sorted.firstIndex(atLeast: current[row]))
                    current[row] = sum(row, at: i)
                    sorted.insert(current[row], at: sorted.firstIndex(atLeast: current[row]))
                    next += 1
                }
                guard cardinalities[i] == k else { continue }
                let tie = 1e-9 * max(1, abs(observed[i]))
                let larger =
                    z[i] > 0
                    ? permutations - sorted.firstIndex(atLeast: observed[i] - tie)
                    : z[i] < 0 ? sorted.firstIndex(above: observed[i] + tie) : permutations
                let folded = min(larger, permutations - larger)
                pValues[i] = Double(folded + 1) / Double(permutations + 1)
            }
        }
        return pValues
    }
}

extension Array where Element == Double {
    /// In an ascending array, the first index whose element is ≥ `value` (`count` when none is).
    fileprivate func firstIndex(atLeast value: Double) -> Int { partition { $0 >= value } }

    /// In an ascending array, the first index whose element is > `value` (`count` when none is).
    fileprivate func firstIndex(above value: Double) -> Int { partition { $0 > value } }

    private func partition(_ belongs: (Double) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
