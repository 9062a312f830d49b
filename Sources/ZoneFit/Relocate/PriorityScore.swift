/// Priority 0–100: the weighted mean of the profile's factor scores, each
/// 0 at its `good` threshold and 1 at its `bad` one (linear between,
/// clamped). A factor whose data the firm lacks scores a neutral 0.5, so
/// missing data neither pushes a firm up nor hides it; the components say
/// which factors had data.
///
/// Each relocation slice makes its own (see `RelocationSlice`): the buffers it reads for
/// every flagged firm are then counted up and down by one core only.
struct PriorityScore {
    /// A factor as the score reads it: no text, so reading one touches no reference count.
    private struct Term {
        let metric: PriorityMetric
        let good: Double
        let bad: Double
        let weight: Double
    }

    private let terms: [Term]
    private let totalWeight: Double
    /// The fixed text of `priority_components` around each factor's score, end to end: "id="
    /// (after "; " but for the first) and "×weight", made once rather than for every flagged firm.
    private let text: [UInt8]
    /// Per factor, where its label ends and where its weight ends in `text`.
    private let ends: [(label: Int, weight: Int)]

    init(factors: [NoncoreProfile.Factor]) {
        terms = factors.map { Term(metric: $0.metric, good: $0.good, bad: $0.bad, weight: $0.weight) }
        totalWeight = factors.map(\.weight).reduce(0, +)
        var text: [UInt8] = []
        ends = factors.enumerated().map { offset, factor in
            text += ((offset > 0 ? "; " : "") + factor.id + "=").utf8
            let label = text.count
            text += "×".utf8
            Relocation.appendShort(factor.weight, to: &text)
            return (label, text.count)
        }
        self.text = text
    }

    struct Inputs {
        var revenue, tax, energy, water, landM2: Double?
        var isCore: Bool
    }

    /// Neutral score of a factor the firm has no data for.
    static let missing = 0.5

    /// The firm's priority and its components as the output's `priority_components`
    /// ("id=score×weight; …", two decimals, "n/a" for a factor without data).
    func score(_ inputs: Inputs) -> (priority: Double, components: String) {
        var components: [UInt8] = []
        components.reserveCapacity(text.count + 8 * terms.count)
        var weighted = 0.0
        var start = 0
        text.withUnsafeBufferPointer { text in
            for index in terms.indices {
                let term = terms[index]
                let score = Self.metric(term.metric, inputs).map {
                    min(1, max(0, ($0 - term.good) / (term.bad - term.good)))
                }
                weighted += (score ?? Self.missing) * term.weight
                components += UnsafeBufferPointer(rebasing: text[start..<ends[index].label])
                if let score { Relocation.appendShort(score, to: &components) } else { components += "n/a".utf8 }
                components += UnsafeBufferPointer(rebasing: text[ends[index].label..<ends[index].weight])
                start = ends[index].weight
            }
        }
        return (totalWeight > 0 ? 100 * weighted / totalWeight : 0, String(decoding: components, as: UTF8.self))
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
