import Foundation
import GeoKit

/// The GB/T 4754-2017 structure zonefit checks codes against (sections and
/// divisions with their names), the NBS 2017 high-tech manufacturing classes
/// and the plan's chains — each read from a documented table in GeoData/rules.
public struct IndustryClassification: Sendable {
    public struct Division: Sendable {
        public var section: Character
        public var name: String
        public var nameEn: String
    }

    public let divisions: [String: Division]
    /// 4-digit classes of 高技术产业（制造业）分类（2017）.
    public let hightechClasses: Set<String>
    public let chains: ChainTable

    public init(divisions: [String: Division], hightechClasses: Set<String>, chains: ChainTable) {
        self.divisions = divisions
        self.hightechClasses = hightechClasses
        self.chains = chains
    }

    /// Reads the three tables (CSV, any OGR-readable table); `plan` chooses the chains of one plan version
    /// where the chain table holds several.
    public init(divisionsTable: String, hightechTable: String, chainsTable: String, plan: String? = nil) throws {
        var divisions: [String: Division] = [:]
        for row in try TableReader.rows(divisionsTable, required: ["division", "section", "name_zh", "name_en"]) {
            guard let letter = row.value("section").first, row.value("division").count == 2 else {
                throw ZoneFitError(
                    file: divisionsTable, "row \(row.number): expected a 2-digit division and a section letter")
            }
            divisions[row.value("division")] = Division(
                section: letter, name: row.value("name_zh"), nameEn: row.value("name_en"))
        }
        self.divisions = divisions
        let partial = IndustryClassification(divisions: divisions, hightechClasses: [], chains: ChainTable(chains: []))
        var classes = Set<String>()
        for row in try TableReader.rows(hightechTable, required: ["code"]) {
            let code = try partial.parse(row.value("code"), file: hightechTable, row: row.number)
            guard code.level == .class else {
                throw ZoneFitError(file: hightechTable, "row \(row.number): expected a 4-digit class, got \(code)")
            }
            classes.insert(code.digits)
        }
        self.hightechClasses = classes
        chains = try ChainTable(contentsOf: chainsTable, plan: plan) {
            try partial.parse($0, file: chainsTable, row: $1)
        }
    }

    /// Reads a written code: `C3825`, `3825`, `C38`, `382`, `38`, `C`, full-width
    /// forms (Ｃ３８２５) and surrounding spaces. Digits alone take their section
    /// from the division; a letter must match the division's section.
    public func parse(_ text: String) throws(IndustryCodeProblem) -> IndustryCode {
        let ascii = String(
            text.unicodeScalars.compactMap { scalar -> Character? in
                switch scalar.value {
                case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
                    return Character(UnicodeScalar(scalar.value - 0xFEE0)!)
                case 0x3000: return " "
                default: return Character(scalar)
                }
            }
        ).trimmingCharacters(in: .whitespaces).uppercased()
        if ascii.isEmpty { throw .empty }
        if ascii.contains(where: { ",;/、，； ".contains($0) }) { throw .several(text) }
        var digits = Substring(ascii)
        var letter: Character?
        if let first = digits.first, first.isLetter {
            letter = first
            digits = digits.dropFirst()
        }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), [0, 2, 3, 4].contains(digits.count),
            letter != nil || !digits.isEmpty
        else { throw .malformed(text) }
        if digits.isEmpty {
            guard let letter, ("A"..."T").contains(letter) else { throw .unknownSection(letter ?? "?") }
            return IndustryCode(section: letter, digits: "")
        }
        let division = String(digits.prefix(2))
        guard let known = divisions[division] else { throw .unknownDivision(division) }
        if let letter, letter != known.section {
            guard ("A"..."T").contains(letter) else { throw .unknownSection(letter) }
            throw .sectionMismatch(written: letter, division: division, expected: known.section)
        }
        return IndustryCode(section: known.section, digits: String(digits))
    }

    /// `parse` for table files, as a one-line error naming the file and row.
    func parse(_ text: String, file: String, row: Int) throws -> IndustryCode {
        do {
            return try parse(text)
        } catch {
            throw ZoneFitError(file: file, "row \(row): \(error)")
        }
    }

    /// True when the code is, or may be, high-tech manufacturing: a class in the
    /// NBS list, or a broader code with such a class beneath it (a firm coded
    /// only `C27` may be a high-tech pharmaceutical maker, so it is not flagged).
    public func mayBeHightech(_ code: IndustryCode) -> Bool {
        guard code.section == "C" else { return false }
        return hightechClasses.contains { $0.hasPrefix(code.digits) }
    }

    public func isHightech(_ code: IndustryCode) -> Bool {
        code.level == .class && hightechClasses.contains(code.digits)
    }

    /// The name of the code's division, for reasons and tables.
    public func divisionName(_ code: IndustryCode) -> (zh: String, en: String)? {
        code.division.flatMap { divisions[$0] }.map { ($0.name, $0.nameEn) }
    }
}
