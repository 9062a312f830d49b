/// A unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters.
///
/// | positions | part | rule |
/// |---|---|---|
/// | 1 | registration authority (登记管理部门, 9 = market regulation) | charset |
/// | 2 | category (机构类别, 1 = enterprise) | charset |
/// | 3–8 | registering authority's administrative division (adcode, GB/T 2260) | digits |
/// | 9–17 | organisation code (组织机构代码, GB 11714): 8 characters and their own check digit | digits and letters; 17th a digit or X |
/// | 18 | check digit over positions 1–17 | charset |
///
/// The charset is 0–9 and the capital letters without I, O, S, V, Z (31 characters;
/// a character's value is its index). Check digit: C18 = 31 − (Σ Ci·Wi mod 31), with
/// Wi = 3^(i−1) mod 31, and 31 written as 0. The organisation code's own check digit
/// (GB 11714): letters count A = 10 … Z = 35, C9 = 11 − (Σ Ci·Wi mod 11) with weights
/// 3 7 9 10 5 8 4 2; 10 is written X and 11 is written 0.
public struct UnifiedSocialCreditCode: Sendable, Hashable, CustomStringConvertible {
    /// The 18 characters, as given (valid codes are all ASCII).
    public let text: String

    /// Checks `text`; throws the first problem found, reading left to right.
    public init(_ text: String) throws(Invalidity) {
        if let problem = Self.problem(in: text) { throw problem }
        self.text = text
    }

    private init(checked text: String) { self.text = text }

    public var description: String { text }

    /// Positions 3–8: the administrative division of the registering authority.
    public var adcode: String { String(text.dropFirst(2).prefix(6)) }

    /// Positions 9–17: the organisation code (GB 11714), its own check digit last.
    public var organisationCode: String { String(text.dropFirst(8).prefix(9)) }

    // MARK: - Why a code is invalid

    /// Why a text is not a valid code. Positions are 1-based, as on a licence.
    public enum Invalidity: Error, Equatable, Sendable, CustomStringConvertible {
        /// Not 18 characters.
        case length(Int)
        /// A character outside the charset (lower-case letters, I, O, S, V, Z, punctuation …).
        case character(position: Int, found: Character)
        /// Positions 3–8 must be digits: they are an administrative division code.
        case divisionCode(position: Int, found: Character)
        /// Position 17 does not match positions 9–16 (GB 11714).
        case organisationCheckDigit(expected: Character, found: Character)
        /// Position 18 does not match positions 1–17.
        case checkDigit(expected: Character, found: Character)

        public var description: String {
            switch self {
            case .length(let count):
                return "has \(count) characters; a unified social credit code has 18"
            case .character(let position, let found):
                return "character '\(found)' at position \(position) is not allowed (0–9 and A–Z without I, O, S, V, Z)"
            case .divisionCode(let position, let found):
                return
                    "character '\(found)' at position \(position) is not a digit (positions 3–8 are the division code)"
            case .organisationCheckDigit(let expected, let found):
                return "organisation code check digit (position 17): expected \(expected), got \(found)"
            case .checkDigit(let expected, let found):
                return "check digit (position 18): expected \(expected), got \(found)"
            }
        }
    }

    /// The first problem with `text`, or nil when it is a valid code.
    public static func problem(in text: String) -> Invalidity? {
        let characters = Array(text)
        guard characters.count == 18 else { return .length(characters.count) }
        var values: [Int] = []
        for (index, character) in characters.enumerated() {
            guard let value = value(of: character) else { return .character(position: index + 1, found: character) }
            if (2...7).contains(index) && value > 9 { return .divisionCode(position: index + 1, found: character) }
            values.append(value)
        }
        let organisation = characters[8..<16].map { organisationValue(of: $0)! }
        let expectedOrganisation = organisationCheckDigit(organisation)
        if characters[16] != expectedOrganisation {
            return .organisationCheckDigit(expected: expectedOrganisation, found: characters[16])
        }
        let expected = checkDigit(values.prefix(17))
        if characters[17] != expected { return .checkDigit(expected: expected, found: characters[17]) }
        return nil
    }

    public static func isValid(_ text: String) -> Bool { problem(in: text) == nil }

    // MARK: - Making codes

    /// Builds a valid code from its parts, computing both check digits.
    ///
    /// - Parameters:
    ///   - authority: position 1 ("9": market regulation).
    ///   - category: position 2 ("1": enterprise).
    ///   - adcode: six digits.
    ///   - organisationBody: the organisation code's 8 characters before its check digit
    ///     (charset characters), e.g. "19220382" or "MA6CXXXX".
    public static func make(
        authority: Character = "9", category: Character = "1", adcode: String, organisationBody: String
    ) throws(Invalidity) -> UnifiedSocialCreditCode {
        let body = Array(organisationBody)
        guard body.count == 8 else { throw .length(10 + body.count) }
        var organisation: [Int] = []
        for (index, character) in body.enumerated() {
            guard value(of: character) != nil, let value = organisationValue(of: character) else {
                throw .character(position: 9 + index, found: character)
            }
            organisation.append(value)
        }
        let head = "\(authority)\(category)\(adcode)\(organisationBody)\(organisationCheckDigit(organisation))"
        let characters = Array(head)
        guard characters.count == 17 else { throw .length(characters.count + 1) }
        var values: [Int] = []
        for (index, character) in characters.enumerated() {
            guard let value = value(of: character) else { throw .character(position: index + 1, found: character) }
            if (2...7).contains(index) && value > 9 { throw .divisionCode(position: index + 1, found: character) }
            values.append(value)
        }
        return UnifiedSocialCreditCode(checked: head + String(checkDigit(values[...])))
    }

    // MARK: - The arithmetic

    /// The 31 characters of GB 32100, in value order.
    public static let charset: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    /// Wi = 3^(i−1) mod 31.
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    static let organisationWeights = [3, 7, 9, 10, 5, 8, 4, 2]

    private static let values: [Character: Int] = Dictionary(
        uniqueKeysWithValues: charset.enumerated().map { ($1, $0) })

    /// The value of a GB 32100 character, nil outside the charset.
    static func value(of character: Character) -> Int? { values[character] }

    /// GB 11714 values: digits 0–9, A = 10 … Z = 35.
    static func organisationValue(of character: Character) -> Int? {
        guard let ascii = character.asciiValue else { return nil }
        switch ascii {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(ascii - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(ascii - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }

    /// The GB 11714 check digit of an 8-character organisation code body.
    static func organisationCheckDigit(_ values: [Int]) -> Character {
        let sum = zip(values, organisationWeights).reduce(0) { $0 + $1.0 * $1.1 }
        switch 11 - sum % 11 {
        case 10: return "X"
        case 11: return "0"
        case let digit: return Character(String(digit))
        }
    }

    /// The GB 32100 check digit of positions 1–17.
    static func checkDigit(_ values: ArraySlice<Int>) -> Character {
        let sum = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return charset[(31 - sum % 31) % 31]
    }
}
