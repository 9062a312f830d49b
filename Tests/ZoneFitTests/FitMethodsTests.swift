import Testing

@testable import ZoneFit

/// The fit methods against cases worked by hand (and checked with numpy).
@Suite("fit methods: hand-computed cases")
struct FitMethodsTests {
    @Test func minMaxFollowsDirectionAndShiftsAwayFromZero() {
        #expect(FitMethods.minMax([1, 2, 3], .benefit) == [0.01, 0.505, 1])
        #expect(FitMethods.minMax([1, 2, 3], .cost) == [1, 0.505, 0.01])
        #expect(FitMethods.minMax([7, 7, 7], .benefit) == [1, 1, 1], "a constant column has no spread")
    }

    @Test func zScoreUsesThePopulationDeviationAndFlipsCost() {
        // mean 2, population sd √(2/3)
        let z = FitMethods.zScore([1, 2, 3], .cost)
        #expect(abs(z[0] - 1.224744871391589) < 1e-12 && z[1] == 0 && abs(z[2] + 1.224744871391589) < 1e-12)
        #expect(FitMethods.zScore([4, 4], .benefit) == [0, 0])
    }

    /// 4 units × 3 indicators; the first indicator is constant, so its entropy is 1 and its weight 0.
    /// Column 2: p = (2, 2, 4, 0.5)/8.5, e = 0.86726083…; column 3: p = (3, 1, 2, 0.5)/6.5, e = 0.86907467….
    @Test func entropyWeightsOnAFourByThreeTable() {
        let weights = FitMethods.entropyWeights([[1, 2, 3], [1, 2, 1], [1, 4, 2], [1, 0.5, 0.5]])
        #expect(weights[0] == 0)
        #expect(abs(weights[1] - 0.5034396632834226) < 1e-12)
        #expect(abs(weights[2] - 0.49656033671657746) < 1e-12)
    }

    /// Saaty's textbook 3 × 3 matrix: weights ≈ (0.163, 0.540, 0.297), λmax ≈ 3.0092, CR ≈ 0.0079.
    @Test func ahpOnSaatysTextbookMatrix() {
        let result = FitMethods.ahp([[1, 1.0 / 3, 0.5], [3, 1, 2], [2, 0.5, 1]])
        let expected = [0.16342411856642794, 0.5396145502210747, 0.29696133121249735]
        for (weight, want) in zip(result.weights, expected) { #expect(abs(weight - want) < 1e-9) }
        #expect(abs(result.lambdaMax - 3.0092027127142793) < 1e-9)
        #expect(abs(result.ci - 0.004601356357139652) < 1e-9)
        #expect(abs(result.cr - 0.007933373029551124) < 1e-9)
    }

    @Test func inconsistentAHPIsRefusedWithItsFigure() {
        // a > b, b > c, c > a: circular judgements.
        var settings = FitScore.Settings()
        settings.weighting = .ahp
        settings.ahpMatrix = [[1, 9, 1.0 / 9], [1.0 / 9, 1, 9], [9, 1.0 / 9, 1]]
        let indicators = [
            FitScore.Indicator(id: "a", subsystem: .capacity, direction: .benefit),
            FitScore.Indicator(id: "b", subsystem: .load, direction: .benefit),
            FitScore.Indicator(id: "c", subsystem: .load, direction: .cost),
        ]
        #expect {
            try FitScore(keys: ["x", "y"], raw: [[1, 2, 3], [2, 1, 0]], indicators: indicators, settings: settings)
        } throws: {
            "\($0)".contains("CR = ") && "\($0)".contains("≥ 0.10")
        }
    }

    /// V = M·w = ((0.48, 0.08), (0.30, 0.20), (0.06, 0.36)); best (0.48, 0.36), worst (0.06, 0.08):
    /// unit 1 S+ 0.28, S− 0.42 → 0.6; unit 3 S+ 0.42, S− 0.28 → 0.4; unit 2 √0.072/(√0.058 + √0.072).
    @Test func topsisCloseness() {
        let closeness = FitMethods.topsis([[0.8, 0.2], [0.5, 0.5], [0.1, 0.9]], weights: [0.6, 0.4])
        #expect(abs(closeness[0] - 0.6) < 1e-12)
        #expect(abs(closeness[1] - 0.5270015938847109) < 1e-12)
        #expect(abs(closeness[2] - 0.4) < 1e-12)
    }

    /// U1 = 0.64, U2 = 0.36: C = 2·√0.2304 / 1 = 0.96, T = 0.5, D = √0.48 = 0.6928… → 初级协调.
    @Test func couplingCoordinationAndGrade() {
        let coupling = FitMethods.coupling(u1: 0.64, u2: 0.36, alpha: 0.5, beta: 0.5)
        #expect(abs(coupling.c - 0.96) < 1e-12)
        #expect(abs(coupling.t - 0.5) < 1e-12)
        #expect(abs(coupling.d - 0.48.squareRoot()) < 1e-12)
        #expect(FitBand.grade(coupling.d, in: FitBand.defaults)?.name == "初级协调")
        #expect(FitBand.grade(0, in: FitBand.defaults)?.name == "极度失调")
        #expect(FitBand.grade(1, in: FitBand.defaults)?.name == "优质协调")
        #expect(FitBand.grade(0.5, in: FitBand.defaults)?.name == "勉强协调", "a band includes its lower bound")
    }

    @Test func ranksAreDescendingWithTiesToTheLowerKey() {
        #expect(FitMethods.ranks([0.2, 0.9, 0.2, 0.5], keys: ["b", "a", "a2", "c"]) == [4, 1, 3, 2])
    }

    /// A whole score on a small table: directions, subsystems, fixed weights, a constant column,
    /// and a unit that is best on everything ranks first.
    @Test func scoreOfASmallTable() throws {
        var settings = FitScore.Settings()
        settings.weighting = .fixed
        let indicators = [
            FitScore.Indicator(id: "water", subsystem: .capacity, direction: .benefit, fixedWeight: 2),
            FitScore.Indicator(id: "same", subsystem: .capacity, direction: .benefit, fixedWeight: 0),
            FitScore.Indicator(id: "energy", subsystem: .load, direction: .cost, fixedWeight: 2),
        ]
        let score = try FitScore(
            keys: ["u1", "u2", "u3"], raw: [[10, 5, 0.1], [0, 5, 0.5], [5, 5, 0.3]],
            indicators: indicators, settings: settings)
        #expect(score.weights == [0.5, 0, 0.5])
        #expect(score.constant == ["same"])
        let best = score.units[0]
        let worst = score.units[1]
        let middle = score.units[2]
        #expect(best.u1 == 1 && best.u2 == 1 && best.coupling.d == 1 && best.rank == 1)
        #expect(abs(worst.u1 - 0.01) < 1e-12 && abs(worst.u2 - 0.01) < 1e-12 && worst.rank == 3)
        #expect(abs(middle.u1 - 0.505) < 1e-12 && abs(middle.u2 - 0.505) < 1e-12 && middle.rank == 2)
        #expect(abs(middle.composite - 0.505) < 1e-12)
    }
}
