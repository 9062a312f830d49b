/// Applies a profile's rules to one firm in a central unit.
struct NoncoreClassifier {
    struct Rule {
        let id: String
        let category: String
        let include: [IndustryCode]
        let exclude: [IndustryCode]
        let excludeHightech: Bool
        let keywords: [String]
    }

    enum Verdict: Equatable {
        /// The code could not be read: reported, never silently passed.
        case unknownCode(String)
        /// A chain leader or a firm the district keeps: never flagged.
        case excluded(String)
        case flagged(category: String, rules: [String])
        case notFlagged
    }

    let classification: IndustryClassification
    let rules: [Rule]
    let exclusions: NoncoreProfile.Exclusions

    init(_ profile: NoncoreProfile) throws {
        classification = profile.classification
        exclusions = profile.exclusions
        rules = try profile.rules.map { rule in
            func codes(_ list: [String]) throws -> [IndustryCode] {
                try list.map { try profile.classification.parse($0, file: profile.path, row: 0) }
            }
            return Rule(
                id: rule.id, category: rule.category, include: try codes(rule.include),
                exclude: try codes(rule.exclude ?? []), excludeHightech: rule.excludeHightech ?? false,
                keywords: rule.keywords ?? [])
        }
    }

    func judge(code text: String?, name: String?, chainLeader: Bool, kept: Bool) -> (Verdict, IndustryCode?) {
        let code: IndustryCode
        do {
            code = try classification.parse(text ?? "")
        } catch {
            return (.unknownCode(error.description), nil)
        }
        if exclusions.chainLeaders && chainLeader { return (.excluded("chain_leader"), code) }
        if exclusions.kept && kept { return (.excluded("kept"), code) }
        let fired = rules.filter { rule in
            rule.include.contains { code.isWithin($0) }
                && !rule.exclude.contains { code.isWithin($0) }
                && !(rule.excludeHightech && classification.mayBeHightech(code))
                && (rule.keywords.isEmpty || rule.keywords.contains { name?.contains($0) == true })
        }
        guard let first = fired.first else { return (.notFlagged, code) }
        return (.flagged(category: first.category, rules: fired.map(\.id)), code)
    }
}
