import Foundation

/// The scoring methods of `zonefit fit`, as plain functions on a units ×
/// indicators matrix (rows = units). No geometry and no C: each is checked
/// against hand-computed cases and an independent numpy implementation.
public enum FitMethods {
    public enum Direction: String, Sendable, Codable { case benefit, cost }

    /// The floor min-max values are shifted to, so the entropy method never takes log 0.
    public static let shift = 0.01

    /// Min-max with direction, shifted into [0.01, 1]: benefit (x − min)/(max − min),
    /// cost (max − x)/(max − min). A constant column (no spread) is 1 everywhere.
    public static func minMax(_ column: [Double], _ direction: Direction) -> [Double] {
        guard let low = column.min(), let high = column.max() else { return [] }
        guard high > low else { return column.map { _ in 1 } }
        return column.map { x in
            let unit = direction == .benefit ? (x - low) / (high - low) : (high - x) / (high - low)
            return shift + (1 - shift) * unit
        }
    }

    /// z-score (population standard deviation), negated for cost; a constant column is 0.
    public static func zScore(_ column: [Double], _ direction: Direction) -> [Double] {
        let n = Double(column.count)
        let mean = column.reduce(0, +) / n
        let sd = (column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n).squareRoot()
        guard sd > 0 else { return column.map { _ in 0 } }
        let sign: Double = direction == .benefit ? 1 : -1
        return column.map { sign * ($0 - mean) / sd }
    }

    /// Entropy weights over the columns of a positive matrix (min-max shifted values).
    public static func entropyWeights(_ matrix: [[Double]]) -> [Double] {
        let n = matrix.count
        let k = matrix.first?.count ?? 0
        guard n > 1, k > 0 else { return Array(repeating: k > 0 ? 1 / Double(k) : 0, count: k) }
        let divergence = (0..<k).map { j -> Double in
            let total = matrix.map { $0[j] }.reduce(0, +)
            let entropy =
                -matrix.map { row -> Double in
                    let p = row[j] / total
                    return p > 0 ? p * log(p) : 0
                }.reduce(0, +) / log(Double(n))
            return max(0, 1 - entropy)
        }
        let sum = divergence.reduce(0, +)
        return sum > 0 ? divergence.map { $0 / sum } : Array(repeating: 1 / Double(k), count: k)
    }

    /// Saaty's random consistency index for n = 1…15.
    public static let randomIndex: [Double] = [
        0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
    ]

    public struct AHPResult: Sendable, Equatable {
        public var weights: [Double]
        public var lambdaMax: Double
        public var ci: Double
        public var cr: Double
    }

    /// Weights from a pairwise comparison matrix: the principal eigenvector by
    /// power iteration, λmax from it, CI = (λmax − n)/(n − 1), CR = CI/RI.
    public static func ahp(_ matrix: [[Double]]) -> AHPResult {
        let n = matrix.count
        var vector = Array(repeating: 1 / Double(n), count: n)
        var lambda = Double(n)
        for _ in 0..<10_000 {
            let product = (0..<n).map { i in (0..<n).map { matrix[i][$0] * vector[$0] }.reduce(0, +) }
            let sum = product.reduce(0, +)
            let next = product.map { $0 / sum }
            lambda = sum  // Σ(A·v) with Σv = 1 converges to λmax
            let change = zip(next, vector).map { abs($0 - $1) }.max() ?? 0
            vector = next
            if change < 1e-15 { break }
        }
        let ci = n > 1 ? (lambda - Double(n)) / Double(n - 1) : 0
        let ri = n <= randomIndex.count ? randomIndex[n - 1] : randomIndex.last!
        return AHPResult(weights: vector, lambdaMax: lambda, ci: ci, cr: ri > 0 ? ci / ri : 0)
    }

    /// TOPSIS closeness on a positive, benefit-oriented matrix with weights.
    public static func topsis(_ matrix: [[Double]], weights: [Double]) -> [Double] {
        let weighted = matrix.map { row in zip(row, weights).map { $0 * $1 } }
        let k = weights.count
        let best = (0..<k).map { j in weighted.map { $0[j] }.max() ?? 0 }
        let worst = (0..<k).map { j in weighted.map { $0[j] }.min() ?? 0 }
        return weighted.map { row in
            let plus = zip(row, best).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            let minus = zip(row, worst).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            return plus + minus > 0 ? minus / (plus + minus) : 0.5
        }
    }

    /// Σ w·x over the chosen columns, divided by their weight.
    public static func index(_ row: [Double], weights: [Double], columns: [Int]) -> Double {
        let weight = columns.map { weights[$0] }.reduce(0, +)
        guard weight > 0 else { return 0 }
        return columns.map { row[$0] * weights[$0] }.reduce(0, +) / weight
    }

    public struct Coupling: Sendable, Equatable {
        public var c: Double, t: Double, d: Double
    }

    /// C = 2√(U1·U2)/(U1 + U2), T = αU1 + βU2, D = √(C·T).
    public static func coupling(u1: Double, u2: Double, alpha: Double, beta: Double) -> Coupling {
        let c = u1 + u2 > 0 ? 2 * (u1 * u2).squareRoot() / (u1 + u2) : 0
        let t = alpha * u1 + beta * u2
        return Coupling(c: c, t: t, d: (c * t).squareRoot())
    }

    /// Ranks 1…n by value descending; ties go to the lower key.
    public static func ranks(_ values: [Double], keys: [String]) -> [Int] {
        let order = values.indices.sorted { values[$0] != values[$1] ? values[$0] > values[$1] : keys[$0] < keys[$1] }
        var ranks = Array(repeating: 0, count: values.count)
        for (position, index) in order.enumerated() { ranks[index] = position + 1 }
        return ranks
    }
}

/// A grade band of D: [lower, upper), the last band closed.
public struct FitBand: Sendable, Codable, Equatable {
    public var lower: Double
    public var upper: Double
    public var name: String
    public var nameEn: String

    enum CodingKeys: String, CodingKey {
        case lower, upper, name
        case nameEn = "name_en"
    }

    /// The usual ten bands of the coupling coordination literature.
    public static let defaults: [FitBand] = [
        ("极度失调", "extreme imbalance"), ("严重失调", "serious imbalance"), ("中度失调", "moderate imbalance"),
        ("轻度失调", "mild imbalance"), ("濒临失调", "verging on imbalance"), ("勉强协调", "barely coordinated"),
        ("初级协调", "primary coordination"), ("中级协调", "intermediate coordination"),
        ("良好协调", "good coordination"), ("优质协调", "high-quality coordination"),
    ].enumerated().map { index, names in
        FitBand(lower: Double(index) / 10, upper: Double(index + 1) / 10, name: names.0, nameEn: names.1)
    }

    public static func grade(_ d: Double, in bands: [FitBand]) -> FitBand? {
        bands.first { d >= $0.lower && d < $0.upper } ?? bands.last { d == $0.upper }
    }
}
