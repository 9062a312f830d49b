/// The plan's industrial chains (产业链) as code prefixes, read from a chain
/// table (`GeoData/rules/chains.csv`): many-to-many, a code may belong to
/// several chains. Each row names the plan version it follows (`plan`), so the
/// 2022 plan's chains and later revisions can sit in one table; a run reads one.
public struct ChainTable: Sendable {
    public struct Chain: Sendable {
        public var id: String
        public var name: String
        /// The English name (`chain_en`; the id where the table has none).
        public var nameEn: String
        /// The code prefixes, in table order: the chain's links (环节).
        public var links: [IndustryCode]
    }

    /// Where a code sits in the table: a chain (by index) and one of its links.
    public struct Link: Sendable, Hashable {
        public var chain: Int
        public var link: Int
    }

    public let chains: [Chain]
    /// The plan version the chains follow (empty when the table does not say).
    public let plan: String
    /// The table's path, for messages and provenance (nil for a table made in code).
    public let path: String?

    public init(chains: [Chain], plan: String = "", path: String? = nil) {
        (self.chains, self.plan, self.path) = (chains, plan, path)
    }

    /// Reads a table with columns `chain`, `chain_zh`, `code_prefix` and, optionally, `plan` and `chain_en`; a table that
    /// holds several plans needs `plan` to choose one.
    init(contentsOf path: String, plan wanted: String?, parse: (String, Int) throws -> IndustryCode) throws {
        let rows = try TableReader.rows(path, required: ["chain", "chain_zh", "code_prefix"])
        let plans = rows.map { $0.value("plan") }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let plan: String
        if let wanted {
            guard plans.contains(wanted) else {
                throw ZoneFitError(
                    file: path, "has no chains of plan '\(wanted)' (plans: \(plans.joined(separator: ", ")))")
            }
            plan = wanted
        } else {
            guard plans.count <= 1 else {
                throw ZoneFitError(
                    file: path, "holds the chains of several plans (\(plans.joined(separator: ", "))): choose one")
            }
            plan = plans.first ?? ""
        }
        var chains: [Chain] = []
        for row in rows where row.value("plan") == plan {
            guard !row.value("chain").isEmpty else { throw ZoneFitError(file: path, "row \(row.number): no chain id") }
            let code = try parse(row.value("code_prefix"), row.number)
            if let index = chains.firstIndex(where: { $0.id == row.value("chain") }) {
                chains[index].links.append(code)
            } else {
                let english = row.value("chain_en")
                chains.append(
                    Chain(
                        id: row.value("chain"), name: row.value("chain_zh"),
                        nameEn: english.isEmpty ? row.value("chain") : english, links: [code]))
            }
        }
        self.init(chains: chains, plan: plan, path: path)
    }

    /// The chains whose links contain the code.
    public func chains(of code: IndustryCode) -> [String] {
        chains.filter { chain in chain.links.contains { code.isWithin($0) } }.map(\.id)
    }

    /// Every link that contains the code, in chain order.
    public func links(of code: IndustryCode) -> [Link] {
        chains.indices.flatMap { chain in
            chains[chain].links.indices.filter { code.isWithin(chains[chain].links[$0]) }.map {
                Link(chain: chain, link: $0)
            }
        }
    }
}

extension ChainTable {
    /// Reads a chain table, its codes checked against `classification` (a bad code names the row).
    public init(contentsOf path: String, plan: String?, codes classification: IndustryClassification) throws {
        try self.init(contentsOf: path, plan: plan) { try classification.parse($0, file: path, row: $1) }
    }
}
