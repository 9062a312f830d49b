/// Local Moran's I (Anselin 1995) with row-standardised weights: each cell's
/// standardised value times the mean of its neighbours', so that high cells
/// among high neighbours (HH) and low among low (LL) are clusters, HL and LH
/// outliers. The arithmetic follows esda's `Moran_Local`:
/// zᵢ = (yᵢ − ȳ) / s (population s), Iᵢ = (n − 1) zᵢ · lagᵢ / Σ z².
/// Significance by conditional permutation, as esda does it: one set of random
/// draws shared by every cell, never drawing the cell itself, and the folded
/// ("directed") pseudo p-value (M + 1) / (R + 1), ties counted on both sides
/// (see `permutationTest`). The draws are seeded, so a run repeats exactly;
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
    public init?(_ values: [Double], _ weights: SpatialWeights, permutations: Int, seed: UInt64, stream: UInt64 = 0) {
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
            ? Self.permutationTest(
                z, weights, permutations: permutations, random: SeededRandom(seed: seed, stream: stream))
            : []
    }

    /// For every cell, how often a random draw of as many other cells as it has neighbours gives an I as
    /// extreme: Iᵢ(draw) ≥ Iᵢ ⟺ zᵢ · Σ drawn ≥ zᵢ · Σ neighbours, so sums are compared, not statistics (a sum
    /// within 1e-9 of the observed one, relative above 1, is a tie). The p-value is esda's folded one,
    /// (min(as large, as small) + 1) / (R + 1), with a tie counted on both sides: where every draw ties (a zero
    /// cell among zeros at the edge of a sparse chain) p is 1, where esda's "R − as large" would make it the
    /// most significant of all. As in esda,
    /// every cell reads the same rows of draws from 0..<n−1, a draw r standing for cell r before cell i and
    /// r + 1 from it on. A row's sum then changes only where i passes one of its draws, so the cells are swept
    /// in order, each row's sum kept in one sorted list, and a cell counts by binary search — a few thousand
    /// updates instead of permutations × neighbours additions per cell.
    private static func permutationTest(
        _ z: [Double], _ weights: SpatialWeights, permutations: Int, random: SeededRandom
    ) -> [Double] {
        let n = z.count
        let cardinalities = weights.neighbours.map(\.count)
        let most = min(cardinalities.max() ?? 0, n - 1)
        var pValues = [Double](repeating: 1, count: n)
        guard most > 0 else { return pValues }
        // Row p holds `most` distinct draws from 0..<n−1 (a partial Fisher–Yates shuffle, its swaps kept in a
        // dictionary); a cell with k neighbours reads the first k.
        var random = random
        var draws = [Int](repeating: 0, count: permutations * most)
        for p in 0..<permutations {
            var swapped: [Int: Int] = [:]
            for j in 0..<most {
                let pick = j + random.below(n - 1 - j)
                draws[p * most + j] = swapped[pick] ?? pick
                swapped[pick] = swapped[j] ?? j
            }
        }
        let observed = weights.neighbours.map { $0.reduce(0) { $0 + z[$1] } }
        var cellsWith = [Int](repeating: 0, count: most + 1)
        for k in cardinalities where k > 0 { cellsWith[min(k, most)] += 1 }
        func pValue(_ i: Int, atLeast: Int, atMost: Int) -> Double {
            // In I: as large = as large a sum when zᵢ > 0, as small a sum when zᵢ < 0; zᵢ = 0 ties every draw.
            let (larger, smaller) =
                z[i] > 0 ? (atLeast, atMost) : z[i] < 0 ? (atMost, atLeast) : (permutations, permutations)
            return Double(min(larger, smaller) + 1) / Double(permutations + 1)
        }
        for k in 1...most where cellsWith[k] > 0 {
            // The sweep costs about R·k·(R + k) whatever the cells; for a few cells, adding their draws is less.
            guard cellsWith[k] >= permutations + k else {
                for i in 0..<n where cardinalities[i] == k {
                    let tie = 1e-9 * max(1, abs(observed[i]))
                    var atLeast = 0
                    var atMost = 0
                    for p in 0..<permutations {
                        var sum = 0.0
                        for j in 0..<k {
                            let r = draws[p * most + j]
                            sum += z[r >= i ? r + 1 : r]
                        }
                        if sum >= observed[i] - tie { atLeast += 1 }
                        if sum <= observed[i] + tie { atMost += 1 }
                    }
                    pValues[i] = pValue(i, atLeast: atLeast, atMost: atMost)
                }
                continue
            }
            let rows = (0..<permutations).map { draws[($0 * most)..<($0 * most + k)].sorted() }
            var current = rows.map { $0.reduce(0) { $0 + z[$1 + 1] } }
            var sorted = current.sorted()
            // Where cell i passes draw r (at i = r + 1), the draw stops standing for r + 1 and stands for r.
            let changes = rows.indices.flatMap { row in rows[row].map { (cell: $0 + 1, row: row) } }
                .sorted { $0.cell < $1.cell }
            var next = 0
            for i in 0..<n {
                while next < changes.count, changes[next].cell == i {
                    let row = changes[next].row
                    sorted.remove(at: sorted.firstIndex(atLeast: current[row]))
                    current[row] += z[i - 1] - z[i]
                    sorted.insert(current[row], at: sorted.firstIndex(atLeast: current[row]))
                    next += 1
                }
                guard cardinalities[i] == k else { continue }
                let tie = 1e-9 * max(1, abs(observed[i]))
                pValues[i] = pValue(
                    i, atLeast: permutations - sorted.firstIndex(atLeast: observed[i] - tie),
                    atMost: sorted.firstIndex(above: observed[i] + tie))
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
