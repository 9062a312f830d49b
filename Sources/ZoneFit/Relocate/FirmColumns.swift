import GeoKit

/// The fields of an input row that relocation reads, found by the profile's
/// column names (Chinese or English, case-insensitive).
struct FirmColumns {
    let indexes: [String: Int]

    init(fields: [FieldDefinition], names: [String: [String]]) {
        var indexes: [String: Int] = [:]
        let lowered = fields.map { $0.name.lowercased().trimmingCharacters(in: .whitespaces) }
        for (semantic, candidates) in names {
            if let index = candidates.lazy.compactMap({ lowered.firstIndex(of: $0.lowercased()) }).first {
                indexes[semantic] = index
            }
        }
        self.indexes = indexes
    }

    func text(_ semantic: String, in row: some InputRow) -> String? {
        indexes[semantic].flatMap { row.value($0).text }
    }

    /// A number, or nil when the column is absent, empty or not numeric.
    func number(_ semantic: String, in row: some InputRow) -> Double? {
        indexes[semantic].flatMap { try? NumericCell.parse(row.value($0)) }
    }

    /// true / 1 / 是 / yes / y.
    func flag(_ semantic: String, in row: some InputRow) -> Bool {
        guard let index = indexes[semantic] else { return false }
        switch row.value(index) {
        case .boolean(let flag): return flag
        case .integer(let number): return number != 0
        case .real(let number): return number != 0
        case .string(let text): return ["true", "1", "是", "yes", "y", "t"].contains(text.lowercased().trimmingCharacters(in: .whitespaces))
        case .null: return false
        }
    }
}
