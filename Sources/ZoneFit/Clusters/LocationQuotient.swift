/// A unit's location quotient (区位熵) in a chain: the chain's share of the
/// unit against its share of the city, LQ = (c in u ÷ all in u) ÷ (c in city ÷
/// all in city), by firms, employees and revenue, with the counts it came from.
/// "All" is every placed firm with a readable industry code; a firm counts in
/// every chain its code lies in. Too few firms make a quotient noise: below
/// `minimumFirms` in the unit, or 5 in the unit's chain, it is not reliable and
/// not ranked.
public struct LocationQuotient: Sendable {
    public var unit: Int
    public var chain: Int
    public var inUnit: ChainSums
    public var unitAll: ChainSums
    public var inCity: ChainSums
    public var cityAll: ChainSums
    public var leaders: Int
    public var reliable: Bool
    /// Rank among the chain's reliable units by the run's measure, 1 = most specialised.
    public var rank: Int?

    /// The quotient by one measure; nil where a share is undefined (no firm in the unit or in the city's chain).
    public func value(_ measure: ChainMeasure) -> Double? {
        let unitShare = unitAll[measure] > 0 ? inUnit[measure] / unitAll[measure] : nil
        let cityShare = cityAll[measure] > 0 ? inCity[measure] / cityAll[measure] : nil
        guard let unitShare, let cityShare, cityShare > 0 else { return nil }
        return unitShare / cityShare
    }

    /// The fewest firms in the chain for a reliable quotient.
    public static let minimumChainFirms = 5

    /// Every unit × chain of a tally, ranked per chain by `measure`.
    static func all(_ tally: ChainTally, minimumFirms: Int) -> [LocationQuotient] {
        let chainCount = tally.chains.chains.count
        var city = ChainSums()
        for sums in tally.all { city.add(sums) }
        var cityChain = Array(repeating: ChainSums(), count: chainCount)
        for (index, sums) in tally.inChain.enumerated() { cityChain[index % chainCount].add(sums) }
        var rows: [LocationQuotient] = []
        for unit in tally.all.indices {
            for chain in 0..<chainCount {
                let inUnit = tally.inChain[unit * chainCount + chain]
                rows.append(
                    LocationQuotient(
                        unit: unit, chain: chain, inUnit: inUnit, unitAll: tally.all[unit], inCity: cityChain[chain],
                        cityAll: city, leaders: tally.leaders[unit * chainCount + chain],
                        reliable: tally.all[unit].firms >= minimumFirms && inUnit.firms >= minimumChainFirms))
            }
        }
        for chain in 0..<chainCount {
            let ranked = rows.indices.filter { rows[$0].chain == chain && rows[$0].reliable }
                .compactMap { index in rows[index].value(tally.measure).map { (index, $0) } }
                .sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }
            for (rank, entry) in ranked.enumerated() { rows[entry.0].rank = rank + 1 }
        }
        return rows
    }
}
