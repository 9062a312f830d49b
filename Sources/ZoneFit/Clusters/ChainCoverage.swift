/// Which units carry a chain: where its leaders (链主) are, and which of its
/// links (the code prefixes of the chain table) have no firm in the city — the
/// 补链 list the plan asks for.
public struct ChainCoverage: Sendable {
    public struct Link: Sendable {
        public var code: IndustryCode
        public var firms: Int
    }

    public var chain: Int
    public var firms: Int
    /// (unit index, leaders), most first.
    public var leaderUnits: [(unit: Int, leaders: Int)]
    public var links: [Link]
    public var missing: [IndustryCode] { links.filter { $0.firms == 0 }.map(\.code) }

    static func all(_ tally: ChainTally, quotients: [LocationQuotient]) -> [ChainCoverage] {
        tally.chains.chains.indices.map { chain in
            let rows = quotients.filter { $0.chain == chain }
            let definition = tally.chains.chains[chain]
            return ChainCoverage(
                chain: chain, firms: rows.first?.inCity.firms ?? 0,
                leaderUnits: rows.filter { $0.leaders > 0 }.map { ($0.unit, $0.leaders) }
                    .sorted { ($0.leaders, -$0.unit) > ($1.leaders, -$1.unit) },
                links: definition.links.indices.map {
                    Link(code: definition.links[$0], firms: tally.linkFirms[tally.linkOffsets[chain] + $0])
                })
        }
    }
}
