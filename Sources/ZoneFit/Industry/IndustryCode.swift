/// A GB/T 4754-2017 industry code (国民经济行业分类) at any level of its
/// hierarchy: section (C), division (C38), group (C382) or class (C3825).
public struct IndustryCode: Sendable, Hashable, CustomStringConvertible {
    public enum Level: Int, Sendable {
        case section = 0
        case division = 2
        case group = 3
        case `class` = 4
    }

    /// The section letter, A–T.
    public let section: Character
    /// 0, 2, 3 or 4 digits; the first two are the division.
    public let digits: String

    init(section: Character, digits: String) {
        self.section = section
        self.digits = digits
    }

    public var level: Level { Level(rawValue: digits.count) ?? .class }
    public var division: String? { digits.count >= 2 ? String(digits.prefix(2)) : nil }
    public var description: String { "\(section)\(digits)" }

    /// The code one level up (C3825 → C382 → C38 → C); nil for a section.
    public var parent: IndustryCode? {
        switch level {
        case .section: return nil
        case .division: return IndustryCode(section: section, digits: "")
        case .group, .class: return IndustryCode(section: section, digits: String(digits.dropLast()))
        }
    }

    /// True when `prefix` is this code or one of its ancestors.
    public func isWithin(_ prefix: IndustryCode) -> Bool {
        section == prefix.section && digits.hasPrefix(prefix.digits)
    }
}

/// Why a written code could not be read.
public enum IndustryCodeProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case several(String)
    case malformed(String)
    case unknownSection(Character)
    case unknownDivision(String)
    case sectionMismatch(written: Character, division: String, expected: Character)

    public var description: String {
        switch self {
        case .empty: return "no industry code"
        case .several(let text): return "'\(text)' holds several codes"
        case .malformed(let text): return "'\(text)' is not a GB/T 4754 code (a section letter and/or 2–4 digits)"
        case .unknownSection(let letter): return "section \(letter) does not exist (A–T)"
        case .unknownDivision(let division): return "division \(division) does not exist in GB/T 4754-2017"
        case .sectionMismatch(let written, let division, let expected):
            return "division \(division) belongs to section \(expected), not \(written)"
        }
    }
}
