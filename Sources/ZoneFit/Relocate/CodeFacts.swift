/// What an industry-code text says, worked out once per distinct text: a
/// register holds a few hundred codes across millions of rows, and parsing,
/// chain lookup and the rules' code tests were most of a relocate run. A class,
/// so that handing one out per row is one reference, not a copy of every field.
final class CodeFacts {
    /// The parsed code, or why it could not be read.
    let code: Result<IndustryCode, IndustryCodeProblem>
    let chains: [String]
    /// The chains as written in the output, `;`-separated.
    let chainsText: String
    /// In a chain the plan counts as green and low-carbon.
    let green: Bool
    let hightech: Bool
    /// The rules whose code conditions hold (include, exclude, high-tech); their keywords are checked per firm.
    let rules: [NoncoreClassifier.Rule]
    let divisionName: (zh: String, en: String)?

    var parsed: IndustryCode? { try? code.get() }

    /// What firms flagged under this code were last told, by the rules that fired (nearly always
    /// the same for one code): the rules as written in the output, and the reasons by cell.
    private var lastFired: [String]?
    private(set) var firedText = ""
    private var reasons: [Int: (zh: String, en: String)] = [:]

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
        chains = parsed.map { classification.chains(of: $0) } ?? []
        chainsText = chains.joined(separator: ";")
        green = !EnterpriseLoad.greenChains.isDisjoint(with: chains)
        hightech = parsed.map(classification.isHightech) ?? false
        rules = parsed.map(classifier.rulesMatching) ?? []
        divisionName = parsed.flatMap(classification.divisionName)
    }
}

/// `CodeFacts` by code text, one memo per worker (see `PlacedRow.workerState`):
/// facts shared between threads would have their reference counts bounce
/// between the cores on every row, and facts made afresh for every slice cost
/// a parse per code per slice. Bounded: a register of garbage codes starts it
/// afresh rather than growing without end.
final class CodeMemo {
    private let classifier: NoncoreClassifier
    private var facts: [String: CodeFacts] = [:]
    private static let limit = 20_000

    init(_ classifier: NoncoreClassifier) { self.classifier = classifier }

    func facts(_ text: String?) -> CodeFacts {
        let key = text ?? ""
        if let known = facts[key] { return known }
        if facts.count >= Self.limit { facts.removeAll(keepingCapacity: true) }
        let made = CodeFacts(key, classifier: classifier)
        facts[key] = made
        return made
    }
}
