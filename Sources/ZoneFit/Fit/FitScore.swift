/// Scores a complete units × indicators matrix: normalisation, weights,
/// subsystem indices, coupling coordination, composite, grades and ranks.
/// Pure computation; `FitRun` gathers the matrix and writes the results.
public struct FitScore: Sendable {
    public struct Indicator: Sendable {
        public var id: String
        public var subsystem: FitProfile.Subsystem
        public var direction: FitMethods.Direction
        public var fixedWeight: Double?

        public init(
            id: String, subsystem: FitProfile.Subsystem, direction: FitMethods.Direction, fixedWeight: Double? = nil
        ) {
            (self.id, self.subsystem, self.direction, self.fixedWeight) = (id, subsystem, direction, fixedWeight)
        }
    }

    public struct Settings: Sendable {
        public var normalisation: FitProfile.Normalisation = .minmax
        public var weighting: FitProfile.Weighting = .entropy
        public var composite: FitProfile.Composite = .weightedSum
        public var alpha = 0.5
        public var beta = 0.5
        public var bands = FitBand.defaults
        public var ahpMatrix: [[Double]]?

        public init() {}
    }

    public struct UnitScore: Sendable {
        public var key: String
        public var normalised: [Double]
        public var u1: Double, u2: Double
        public var coupling: FitMethods.Coupling
        public var grade: FitBand?
        public var rank = 0
        public var composite: Double
        public var compositeRank = 0
        public var topsis: Double
    }

    public let indicators: [Indicator]
    public let weights: [Double]
    public let ahp: FitMethods.AHPResult?
    public let units: [UnitScore]
    /// Indicators whose values do not vary between units (their entropy weight is 0).
    public let constant: [String]

    /// - Parameters: keys are the unit ids (ties in rank go to the lower key); `raw[i][j]` is unit i, indicator j.
    public init(keys: [String], raw: [[Double]], indicators: [Indicator], settings: Settings) throws {
        let k = indicators.count
        let columns = (0..<k).map { j in raw.map { $0[j] } }
        let minMax = columns.enumerated().map { FitMethods.minMax($1, indicators[$0].direction) }
        let normalised = raw.indices.map { i in (0..<k).map { minMax[$0][i] } }
        constant = indicators.indices.filter { j in Set(columns[j]).count < 2 }.map { indicators[$0].id }

        var ahp: FitMethods.AHPResult?
        let weights: [Double]
        switch settings.weighting {
        case .entropy:
            weights = FitMethods.entropyWeights(normalised)
        case .fixed:
            let given = try indicators.map { indicator -> Double in
                guard let weight = indicator.fixedWeight, weight >= 0 else {
                    throw ZoneFitError("indicator \(indicator.id): weighting = fixed needs a fixed_weight ≥ 0")
                }
                return weight
            }
            let sum = given.reduce(0, +)
            guard sum > 0 else { throw ZoneFitError("the fixed weights sum to 0") }
            weights = given.map { $0 / sum }
        case .ahp:
            guard let matrix = settings.ahpMatrix, matrix.count == k else {
                throw ZoneFitError("weighting = ahp needs an [ahp] matrix of \(k) × \(k)")
            }
            let result = FitMethods.ahp(matrix)
            guard result.cr < 0.10 else {
                throw ZoneFitError(
                    "the AHP matrix is not consistent enough: CR = \(String(format: "%.4f", result.cr)) ≥ 0.10 (λmax \(String(format: "%.4f", result.lambdaMax)), CI \(String(format: "%.4f", result.ci))); revise the pairwise judgements"
                )
            }
            ahp = result
            weights = result.weights
        }
        self.weights = weights
        self.ahp = ahp
        self.indicators = indicators

        let capacity = indicators.indices.filter { indicators[$0].subsystem == .capacity }
        let load = indicators.indices.filter { indicators[$0].subsystem == .load }
        let compositeValues: [[Double]]
        switch settings.normalisation {
        case .minmax: compositeValues = normalised
        case .zscore:
            let z = columns.enumerated().map { FitMethods.zScore($1, indicators[$0].direction) }
            compositeValues = raw.indices.map { i in (0..<k).map { z[$0][i] } }
        }
        let topsis = FitMethods.topsis(normalised, weights: weights)
        var units = raw.indices.map { i -> UnitScore in
            let u1 = FitMethods.index(normalised[i], weights: weights, columns: capacity)
            let u2 = FitMethods.index(normalised[i], weights: weights, columns: load)
            let coupling = FitMethods.coupling(u1: u1, u2: u2, alpha: settings.alpha, beta: settings.beta)
            let weighted = zip(compositeValues[i], weights).map { $0 * $1 }.reduce(0, +)
            return UnitScore(
                key: keys[i], normalised: normalised[i], u1: u1, u2: u2, coupling: coupling,
                grade: FitBand.grade(coupling.d, in: settings.bands),
                composite: settings.composite == .topsis ? topsis[i] : weighted, topsis: topsis[i])
        }
        let ranks = FitMethods.ranks(units.map(\.coupling.d), keys: keys)
        let compositeRanks = FitMethods.ranks(units.map(\.composite), keys: keys)
        for i in units.indices {
            units[i].rank = ranks[i]
            units[i].compositeRank = compositeRanks[i]
        }
        self.units = units
    }

    /// Ranks by D for other weights (the sensitivity runs), with the same normalised values.
    func ranks(weights: [Double], settings: Settings) -> [Int] {
        let capacity = indicators.indices.filter { indicators[$0].subsystem == .capacity }
        let load = indicators.indices.filter { indicators[$0].subsystem == .load }
        let d = units.map { unit in
            FitMethods.coupling(
                u1: FitMethods.index(unit.normalised, weights: weights, columns: capacity),
                u2: FitMethods.index(unit.normalised, weights: weights, columns: load),
                alpha: settings.alpha, beta: settings.beta
            ).d
        }
        return FitMethods.ranks(d, keys: units.map(\.key))
    }
}
