import Foundation

/// Getis–Ord Gi* (Getis & Ord 1992; Ord & Getis 1995): each cell's sum over
/// itself and its neighbours against the whole study area, as a z-score.
/// Binary weights with the cell itself included (weight 1). The arithmetic
/// follows esda's `G_Local` (star, binary) step by step, so the validation
/// script can hold the two to 1e-9:
/// Gᵢ = Σⱼ wᵢⱼ yⱼ / Σ y, E[Gᵢ] = Wᵢ / n,
/// V[Gᵢ] = Wᵢ (n − Wᵢ) / (n − 1) / n² · s² / ȳ², with s² the population variance.
public enum GetisOrd {
    /// The z-score of every cell; nil for all when the values are all zero or do not vary (no firm of the chain,
    /// or the same everywhere), and for a cell whose neighbours are the whole area.
    public static func zScores(_ values: [Double], _ weights: SpatialWeights) -> [Double?] {
        let n = Double(values.count)
        let sum = values.reduce(0, +)
        let mean = sum / n
        let meanOfSquares = values.reduce(0) { $0 + $1 * $1 } / n
        let variance = meanOfSquares - mean * mean
        guard values.count > 1, sum != 0, variance > 0 else { return Array(repeating: nil, count: values.count) }
        return values.indices.map { i in
            let neighbours = weights.neighbours[i]
            let local = neighbours.reduce(values[i]) { $0 + values[$1] }
            let statistic = local / sum
            let cardinality = Double(neighbours.count + 1)
            let expected = cardinality / n
            var expectedVariance = cardinality * (n - cardinality)
            expectedVariance /= n - 1
            expectedVariance *= 1 / (n * n)
            expectedVariance *= variance / (mean * mean)
            guard expectedVariance > 0 else { return nil }
            return (statistic - expected) / expectedVariance.squareRoot()
        }
    }

    /// The two-sided p-value of a z-score under the normal approximation.
    public static func pValue(_ z: Double) -> Double { erfc(abs(z) / 2.0.squareRoot()) }
}
