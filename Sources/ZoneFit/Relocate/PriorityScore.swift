/// Priority 0–100: the weighted mean of the profile's factor scores, each
/// 0 at its `good` threshold and 1 at its `bad` one (linear between,
/// clamped). Factors whose data the firm lacks are left out and the weights
/// renormalised; the components say which were used.
struct PriorityScore {
    let factors: [NoncoreProfile.Factor]

    struct Inputs {
        var revenue, tax, energy, water, landM2: Double?
        var isCore: Bool
    }

    func score(_ inputs: Inputs) -> (priority: Double, components: [(id: String, score: Double, weight: Double)]) {
        var components: [(id: String, score: Double, weight: Double)] = []
        for factor in factors {
            guard let value = Self.metric(factor.metric, inputs) else { continue }
            let score = min(1, max(0, (value - factor.good) / (factor.bad - factor.good)))
            components.append((factor.id, score, factor.weight))
        }
        let weight = components.map(\.weight).reduce(0, +)
        let priority = weight > 0 ? 100 * components.map { $0.score * $0.weight }.reduce(0, +) / weight : 0
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
