/// Priority 0–100: the weighted mean of the profile's factor scores, each
/// 0 at its `good` threshold and 1 at its `bad` one (linear between,
/// clamped). A factor whose data the firm lacks scores a neutral 0.5, so
/// missing data neither pushes a firm up nor hides it; the components say
/// which factors had data.
struct PriorityScore {
    let factors: [NoncoreProfile.Factor]

    struct Inputs {
        var revenue, tax, energy, water, landM2: Double?
        var isCore: Bool
    }

    /// Neutral score of a factor the firm has no data for.
    static let missing = 0.5

    func score(_ inputs: Inputs) -> (priority: Double, components: [(id: String, score: Double?, weight: Double)]) {
        let components = factors.map { factor -> (id: String, score: Double?, weight: Double) in
            let score = Self.metric(factor.metric, inputs).map {
                min(1, max(0, ($0 - factor.good) / (factor.bad - factor.good)))
            }
            return (factor.id, score, factor.weight)
        }
        let weight = components.map(\.weight).reduce(0, +)
        let priority =
            weight > 0 ? 100 * components.map { ($0.score ?? Self.missing) * $0.weight }.reduce(0, +) / weight : 0
        return (priority, components)
    }

    static func metric(_ metric: PriorityMetric, _ inputs: Inputs) -> Double? {
        let mu = inputs.landM2.flatMap { $0 > 0 ? $0 / 666.67 : nil }
        let revenue = inputs.revenue.flatMap { $0 > 0 ? $0 : nil }
        switch metric {
        case .outputPerMu: return inputs.revenue.flatMap { value in mu.map { value / $0 } }
        case .taxPerMu: return inputs.tax.flatMap { value in mu.map { value / $0 } }
        case .energyPer10kYuan: return inputs.energy.flatMap { value in revenue.map { value / $0 } }
        case .waterPer10kYuan: return inputs.water.flatMap { value in revenue.map { value / $0 } }
        case .landHa: return inputs.landM2.map { $0 / 10_000 }
        case .core: return inputs.isCore ? 1 : 0
        }
    }
}
