import GeoKit

/// What an industry-code text says, worked out once per distinct text: a
/// register holds a few hundred codes across millions of rows, and parsing,
/// chain lookup and the rules' code tests were most of a relocate run. A class,
/// so that handing one out per row is one reference, not a copy of every field.
final class CodeFacts {
    /// The parsed code, or why it could not be read.
    let code: Result<IndustryCode, IndustryCodeProblem>
    let chains: [String]
    /// Every chain link (code prefix) the code lies within, for the clusters' tallies.
    let links: [ChainTable.Link]
    /// The chains as written in the output, `;`-separated.
    let chainsText: String
    /// In a chain the plan counts as green and low-carbon.
    let green: Bool
    let hightech: Bool
    /// Mining, manufacturing or utilities (sections B, C, D): industry, as the plan's targets count it.
    let industrial: Bool
    /// The rules whose code conditions hold (include, exclude, high-tech); their keywords are checked per firm.
    let rules: [NoncoreClassifier.Rule]
    /// The rules' verdict where none of them reads the firm's name (before the exclusions).
    let verdictWhateverTheName: NoncoreClassifier.Verdict?
    let divisionName: (zh: String, en: String)?

    var parsed: IndustryCode? { try? code.get() }
    /// The parsed code as written (`C3011`), made once: `diff` keeps it for every firm.
    let codeText: String?

    /// What firms flagged under this code were last told, by the rules that fired (nearly always
    /// the same for one code): the rules as written in the output, and the reasons by cell.
    private var lastFired: [String]?
    private(set) var firedText = ""
    private var reasons: [Int: (zh: String, en: String)] = [:]
    /// What relocate adds to a row of this code it has nothing to say about but the chains
    /// (see `RelocationSlice.values`), made with the first such row.
    var plainValues: [FieldValue]?

    /// The reasons of a firm flagged by `fired` in `cell`, made by `make` (given the rules as
    /// the reason templates list them) the first time; `firedText` is then the output's `rules`.
    func reasons(fired: [String], cell: Int, _ make: (String) -> (zh: String, en: String)) -> (zh: String, en: String) {
        if fired != lastFired {
            lastFired = fired
            firedText = fired.joined(separator: ";")
            reasons.removeAll(keepingCapacity: true)
        }
        if let known = reasons[cell] { return known }
        let made = make(fired.joined(separator: ", "))
        reasons[cell] = made
        return made
    }

    init(_ text: String, classifier: NoncoreClassifier) {
        let classification = classifier.classification
        code = Result { () throws(IndustryCodeProblem) in try classification.parse(text) }
        let parsed = try? code.get()
        codeText = parsed?.description
        chains = parsed.map { classification.chains.chains(of: $0) } ?? []
        links = parsed.map { classification.chains.links(of: $0) } ?? []
        chainsText = chains.joined(separator: ";")
        green = !EnterpriseLoad.greenChains.isDisjoint(with: chains)
        hightech = parsed.map(classification.isHightech) ?? false
        industrial = parsed.map { ["B", "C", "D"].contains($0.section) } ?? false
        rules = parsed.map(classifier.rulesMatching) ?? []
        verdictWhateverTheName =
            rules.contains { !$0.keywords.isEmpty } ? nil : NoncoreClassifier.verdict(rules, name: nil)
        divisionName = parsed.flatMap(classification.divisionName)
    }
}
