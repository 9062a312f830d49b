/// How stable the ranking by D is.
///
/// - Monte-Carlo: each run multiplies every weight by 1 + p·u, u uniform in
///   [−1, 1] (seeded), renormalises, and re-ranks; per unit, the share of runs
///   that keep its reported rank and the range of ranks it took.
/// - Leave one out: each indicator is removed in turn (weights recomputed by
///   the same method), and the ranking's total absolute rank shift measured;
///   the indicator with the largest shift moves the ranking most.
public struct FitSensitivity: Sendable {
    public struct UnitStability: Sendable {
        public var shareAtRank: Double
        public var rankMin: Int
        public var rankMax: Int
    }

    public let runs: Int
    public let perturbation: Double
    public let seed: UInt64
    public let units: [UnitStability]
    /// Indicator id → Σ |rank change| when it is left out (nil where the rest cannot be scored).
    public let shiftWithout: [(id: String, shift: Int?)]

    public var mostInfluential: String? {
        shiftWithout.compactMap { entry in entry.shift.map { (entry.id, $0) } }.max { $0.1 < $1.1 }?.0
    }

    public init(
        score: FitScore, keys: [String], raw: [[Double]], settings: FitScore.Settings,
        runs: Int, perturbation: Double, seed: UInt64
    ) {
        self.runs = runs
        self.perturbation = perturbation
        self.seed = seed
        let reported = score.units.map(\.rank)
        var same = Array(repeating: 0, count: reported.count)
        var low = reported
        var high = reported
        var random = SeededRandom(seed: seed)
        for _ in 0..<runs {
            let perturbed = score.weights.map { $0 * (1 + perturbation * (2 * random.unit() - 1)) }
            let sum = perturbed.reduce(0, +)
            let ranks = score.ranks(weights: perturbed.map { $0 / sum }, settings: settings)
            for i in ranks.indices {
                if ranks[i] == reported[i] { same[i] += 1 }
                low[i] = min(low[i], ranks[i])
                high[i] = max(high[i], ranks[i])
            }
        }
        units = reported.indices.map {
            UnitStability(
                shareAtRank: runs > 0 ? Double(same[$0]) / Double(runs) : 1, rankMin: low[$0], rankMax: high[$0])
        }
        shiftWithout = score.indicators.indices.map { left in
            let kept = score.indicators.indices.filter { $0 != left }
            var reduced = settings
            reduced.ahpMatrix = settings.ahpMatrix.map { matrix in kept.map { i in kept.map { matrix[i][$0] } } }
            guard
                let other = try? FitScore(
                    keys: keys, raw: raw.map { row in kept.map { row[$0] } },
                    indicators: kept.map { score.indicators[$0] },
                    settings: reduced)
            else { return (score.indicators[left].id, nil) }
            return (score.indicators[left].id, zip(other.units, reported).map { abs($0.rank - $1) }.reduce(0, +))
        }
    }
}
