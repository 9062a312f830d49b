import GeoKit

/// Reads a firm's key and `FirmState` from a placed row, for both registers of
/// a `diff`: the same columns, rules and key in each.
struct FirmReader: Sendable {
    /// The key column's index in the register.
    let keyIndex: Int
    let columns: FirmColumns
    let classifier: NoncoreClassifier

    /// The key: the USCC column, else `keyField`; throws where the register has neither.
    init(fields: [FieldDefinition], names: FieldNames, keyField: String?, classifier: NoncoreClassifier) throws {
        columns = FirmColumns(try FieldMapping(fields: fields, names: names))
        self.classifier = classifier
        if let keyField {
            guard let index = fields.firstIndex(where: { $0.name == keyField }) else {
                throw ZoneFitError(
                    "no key column '\(keyField)' (columns: \(fields.map(\.name).joined(separator: ", ")))",
                    setting: .key)
            }
            keyIndex = index
        } else if let index = columns.index(.uscc) {
            keyIndex = index
        } else {
            throw ZoneFitError(
                "no USCC column to match firms by (expected one of \(names.headers(.uscc).joined(separator: ", ")))",
                setting: .key)
        }
    }

    /// A row's key as compared: trimmed, a USCC in capitals; nil where the cell is empty. A plain cell that is
    /// already so (most are) is packed from the reader's bytes, with no text made.
    func key(_ row: InputRow) -> RegisterKey? {
        if let packed = row.withPlainBytes(keyIndex, RegisterKey.init(asCompared:)), let packed { return packed }
        guard let text = row.value(keyIndex).text.map(Self.trimmed), !text.isEmpty else { return nil }
        // Only ASCII letters are folded (a USCC's alphabet); a key of other letters is compared as written.
        return RegisterKey(
            text.utf8.contains(where: { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) })
                ? text.uppercased() : text)
    }

    /// The firm's name, where the register has one.
    func name(_ row: InputRow) -> String? { columns.text(.name, in: row) }

    /// `text` without spaces around; Foundation is asked only where there are some (every row's key
    /// and status come here).
    static func trimmed(_ text: String) -> String {
        // The spaces registers hold around a cell: ASCII spaces and tabs, the ideographic (U+3000) and no-break
        // (U+00A0) spaces, which begin with one of these bytes and end with one of the last two; other Unicode
        // spaces are kept.
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last,
            [0x20, 0x09, 0xE3, 0xC2].contains(first) || [0x20, 0x09, 0x80, 0xA0].contains(last)
        else { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// What the row says (its name is read apart, where it is needed), placed in `unit` (nil: uncertain) of
    /// `zone`, at `lon`/`lat`.
    func state(_ row: InputRow, unit: Int?, central: Bool, lon: Double?, lat: Double?, memo: Memo) -> FirmState {
        let facts = memo.codes.facts(row, columns.index(.industryCode))
        var category: String?
        var flagged = false
        if !facts.rules.isEmpty,
            case .flagged(let found, _) = classifier.judge(facts, row, columns)
        {
            category = found
            flagged = central
        }
        let status = memo.status(columns.text(.status, in: row).map(Self.trimmed))
        return FirmState(
            row: row.number, unit: unit, code: memo.texts.id(facts.codeText), category: memo.texts.id(category),
            flagged: flagged, status: status.id, exit: status.exit, lon: lon, lat: lat,
            landM2: columns.number(.land, in: row))
    }

    /// What a worker keeps from row to row: the codes' facts, and the numbers of the texts it has met.
    final class Memo {
        let codes: CodeMemo
        let texts: InternedTexts.Memo
        private var statuses: [String: (id: Int32, exit: Int8?)] = [:]

        init(_ classifier: NoncoreClassifier, texts: InternedTexts) {
            codes = CodeMemo(classifier)
            self.texts = InternedTexts.Memo(texts)
        }

        /// A status's number and the exit it records.
        func status(_ text: String?) -> (id: Int32, exit: Int8?) {
            guard let text else { return (InternedTexts.none, nil) }
            if let known = statuses[text] { return known }
            let made = (texts.id(text), FirmState.exit(of: text))
            statuses[text] = made
            return made
        }
    }
}
