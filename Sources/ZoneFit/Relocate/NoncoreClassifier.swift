import Foundation

/// Applies a profile's rules to one firm in a central unit.
struct NoncoreClassifier {
    struct Rule: Sendable {
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

    /// The verdict on a firm whose code says `facts` (see `CodeMemo`). The firm's name and
    /// flags are read only when the verdict turns on them.
    /// The verdict on a firm's row: its code's facts, with its name, chain-leader and kept flags read from
    /// `columns` only where a rule needs them.
    func judge(_ facts: CodeFacts, _ row: InputRow, _ columns: FirmColumns) -> Verdict {
        judge(
            facts, name: columns.text(.name, in: row), chainLeader: columns.flag(.chainLeader, in: row),
            kept: columns.flag(.keep, in: row))
    }

    func judge(
        _ facts: CodeFacts, name: @autoclosure () -> String?, chainLeader: @autoclosure () -> Bool,
        kept: @autoclosure () -> Bool
    ) -> Verdict {
        if case .failure(let problem) = facts.code { return .unknownCode(problem.description) }
        if exclusions.chainLeaders && chainLeader() { return .excluded("chain_leader") }
        if exclusions.kept && kept() { return .excluded("kept") }
        guard !facts.rules.isEmpty else { return .notFlagged }
        return facts.verdictWhateverTheName ?? Self.verdict(facts.rules, name: name())
    }

    /// The verdict of `rules`, those whose code conditions hold, on a firm named `name`.
    static func verdict(_ rules: [Rule], name: String?) -> Verdict {
        let fired = rules.filter { rule in
            rule.keywords.isEmpty || rule.keywords.contains { keyword in name.map { contains($0, keyword) } ?? false }
        }
        guard let first = fired.first else { return .notFlagged }
        return .flagged(category: first.category, rules: fired.map(\.id))
    }

    /// The rules whose code conditions hold for `code`, in profile order; their keywords are for the firm's name.
    func rulesMatching(_ code: IndustryCode) -> [Rule] {
        rules.filter { rule in
            rule.include.contains { code.isWithin($0) }
                && !rule.exclude.contains { code.isWithin($0) }
                && !(rule.excludeHightech && classification.mayBeHightech(code))
        }
    }

    /// Whether `name` holds `keyword`, compared as UTF-8 bytes: Foundation's `contains` goes
    /// through NSString, and the standard library's searcher takes a runtime lock per call,
    /// which the workers queued on. Names and keywords are a few dozen bytes, so a plain scan
    /// does. (A keyword is whole characters, so a byte match is a character match but for
    /// combining marks, which names do not carry.)
    static func contains(_ name: String, _ keyword: String) -> Bool {
        var name = name
        var keyword = keyword
        return name.withUTF8 { haystack in
            keyword.withUTF8 { needle in
                guard let first = needle.first else { return true }
                guard haystack.count >= needle.count else { return false }
                for start in 0...(haystack.count - needle.count) where haystack[start] == first {
                    if memcmp(haystack.baseAddress! + start, needle.baseAddress!, needle.count) == 0 { return true }
                }
                return false
            }
        }
    }
}
