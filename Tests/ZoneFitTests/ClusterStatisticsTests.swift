import Testing

@testable import ZoneFit

/// The hot-spot statistics against published and hand-worked values.
@Suite("cluster statistics: Gi*, Local Moran's I, FDR, grid weights")
struct ClusterStatisticsTests {
    /// esda's own Getis-Ord fixture (esda/tests/test_getisord.py): six points, a distance band of 15.
    static let points: [(x: Double, y: Double)] = [(10, 10), (20, 10), (40, 10), (15, 20), (30, 20), (30, 30)]
    static let values: [Double] = [2, 3, 3.2, 5, 8, 7]

    @Test func distanceBandIncludesPairsExactlyAtTheBand() {
        let weights = SpatialWeights(points: Self.points, kind: .band(metres: 15))
        // Points 3 and 4 are exactly 15 apart.
        #expect(weights.neighbours == [[1, 3], [0, 3, 4], [4], [0, 1, 4], [1, 2, 3, 5], [4]])
    }

    @Test func giStarMatchesEsda() throws {
        let z = GetisOrd.zScores(Self.values, SpatialWeights(points: Self.points, kind: .band(metres: 15)))
        // esda's test asserts Zs[0] = -1.39727626 (star, binary); the other five from esda 2.9.0's G_Local.
        let esda = [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331]
        for (mine, theirs) in zip(z, esda) { #expect(abs(try #require(mine) - theirs) < 1e-8) }
    }

    @Test func giStarIsUndefinedWithoutVariation() {
        let weights = SpatialWeights(points: Self.points, kind: .band(metres: 15))
        #expect(GetisOrd.zScores(Array(repeating: 0, count: 6), weights).allSatisfy { $0 == nil })
        #expect(GetisOrd.zScores(Array(repeating: 4, count: 6), weights).allSatisfy { $0 == nil })
        #expect(abs(GetisOrd.pValue(1.959963984540054) - 0.05) < 1e-12)
    }

    @Test func localMoranMatchesEsda() throws {
        let weights = SpatialWeights(points: Self.points, kind: .band(metres: 15))
        let moran = try #require(LocalMoran(Self.values, weights, permutations: 0, seed: 1))
        let esda = [0.32926829, -0.08885017, -0.86236934, -0.01916376, -0.08623693, 1.32229965]
        for (mine, theirs) in zip(moran.statistics, esda) { #expect(abs(mine - theirs) < 1e-8) }
        #expect(moran.quadrants.map(\.rawValue) == ["LL", "LH", "LH", "HL", "HL", "HH"])
        #expect(moran.pValues.isEmpty)
        #expect(LocalMoran(Array(repeating: 0, count: 6), weights, permutations: 9, seed: 1) == nil)
    }

    @Test func localMoranPermutationsAreSeededAndBounded() throws {
        let weights = SpatialWeights(points: Self.points, kind: .band(metres: 15))
        let first = try #require(LocalMoran(Self.values, weights, permutations: 99, seed: 7))
        let again = try #require(LocalMoran(Self.values, weights, permutations: 99, seed: 7))
        #expect(first.pValues == again.pValues)
        #expect(first.pValues.allSatisfy { $0 >= 0.01 && $0 <= 1 })
    }

    @Test func aCellWhoseEveryDrawTiesIsNotSignificant() throws {
        // Cell 0 is high among zeros, and every other cell is zero: each draw of its two neighbours' worth
        // gives the same sum as its neighbours. Counted on one side only, that would be p = 1/(R + 1).
        let weights = SpatialWeights(points: Self.points, kind: .band(metres: 15))
        let moran = try #require(LocalMoran([5, 0, 0, 0, 0, 0], weights, permutations: 99, seed: 3))
        #expect(moran.pValues[0] == 1)
    }

    /// The sweep against adding every row's draws for every cell, on a grid whose cells have from one to eight
    /// neighbours, with many ties (integer counts, mostly zero) and a cell at the mean.
    @Test func permutationSweepCountsWhatAddingTheDrawsCounts() throws {
        var cells: [StudyGrid.Key] = []
        for row in 0..<12 {
            for column in 0..<15 where (row * 7 + column * 3) % 11 != 0 {
                cells.append(.init(column: column, row: row))
            }
        }
        cells.append(.init(column: 30, row: 30))  // an island
        let index = Dictionary(uniqueKeysWithValues: cells.enumerated().map { ($1, $0) })
        let weights = SpatialWeights(grid: cells, size: 1000, index: index, kind: .band(metres: 1500))
        var random = SeededRandom(seed: 4)
        let values = cells.indices.map { _ in random.chance(0.3) ? Double(random.below(4)) : 0 }
        // With 10 permutations every cardinality is swept (≥ R + k cells have it) or added, as its count decides.
        for permutations in [10, 40, 400] {
            let moran = try #require(LocalMoran(values, weights, permutations: permutations, seed: 9, stream: 2))
            let brute = Self.bruteForce(values, weights, permutations: permutations, seed: 9, stream: 2)
            #expect(moran.pValues == brute, "R = \(permutations)")
        }
    }

    /// The same test by adding each cell's draws, row by row (the draws made as `LocalMoran` makes them).
    static func bruteForce(
        _ values: [Double], _ weights: SpatialWeights, permutations: Int, seed: UInt64, stream: UInt64
    )
        -> [Double]
    {
        let n = values.count
        let mean = values.reduce(0, +) / Double(n)
        let deviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)).squareRoot()
        let z = values.map { ($0 - mean) / deviation }
        let most = min(weights.neighbours.map(\.count).max() ?? 0, n - 1)
        var random = SeededRandom(seed: seed, stream: stream)
        var draws: [[Int]] = []
        for _ in 0..<permutations {
            var order = Array(0..<(n - 1))
            for j in 0..<most { order.swapAt(j, j + random.below(n - 1 - j)) }
            draws.append(Array(order.prefix(most)))
        }
        return z.indices.map { i in
            let k = weights.neighbours[i].count
            guard k > 0 else { return 1 }
            let observed = weights.neighbours[i].reduce(0) { $0 + z[$1] }
            let tie = 1e-9 * max(1, abs(observed))
            let sums = draws.map { row in row.prefix(k).reduce(0) { $0 + z[$1 >= i ? $1 + 1 : $1] } }
            let atLeast = sums.filter { $0 >= observed - tie }.count
            let atMost = sums.filter { $0 <= observed + tie }.count
            let (larger, smaller) =
                z[i] > 0 ? (atLeast, atMost) : z[i] < 0 ? (atMost, atLeast) : (permutations, permutations)
            return Double(min(larger, smaller) + 1) / Double(permutations + 1)
        }
    }

    @Test func benjaminiHochbergOnAKnownList() throws {
        // Sorted 0.001, 0.03, 0.04, 0.5 → p·m/rank 0.004, 0.06, 0.0533, 0.5 → running minimum from the top.
        let q = FalseDiscoveryRate.adjusted([0.04, 0.001, nil, 0.03, 0.5])
        let expected: [Double?] = [0.04 * 4 / 3, 0.004, nil, 0.04 * 4 / 3, 0.5]
        for (mine, theirs) in zip(q, expected) {
            if let theirs { #expect(abs(try #require(mine) - theirs) < 1e-15) } else { #expect(mine == nil) }
        }
        #expect(FalseDiscoveryRate.adjusted([0.01, 0.02, 0.03, 0.04, 0.05]).allSatisfy { abs($0! - 0.05) < 1e-15 })
    }

    @Test func gridWeightsAgreeWithDistancesBetweenCentres() {
        // A 4 × 3 block with a corner missing, 1 km cells: the offsets must give what distances give.
        var cells: [StudyGrid.Key] = []
        for row in 0..<3 {
            for column in 0..<4 where !(row == 2 && column == 3) { cells.append(.init(column: column, row: row)) }
        }
        let index = Dictionary(uniqueKeysWithValues: cells.enumerated().map { ($1, $0) })
        let centres = cells.map { (x: Double($0.column) * 1000 + 500, y: Double($0.row) * 1000 + 500) }
        for kind in [SpatialWeights.Kind.band(metres: 1500), .band(metres: 2100), .nearest(k: 4), .nearest(k: 20)] {
            let grid = SpatialWeights(grid: cells, size: 1000, index: index, kind: kind)
            let brute = SpatialWeights(points: centres, kind: kind)
            #expect(grid.neighbours == brute.neighbours, "\(kind)")
        }
    }
}
