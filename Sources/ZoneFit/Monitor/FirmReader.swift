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

    /// The firm's name appended to `bytes` as UTF-8: the reader's own bytes where it holds the cell plain and
    /// they are UTF-8.
    func name(_ row: InputRow, into bytes: inout [UInt8]) {
        guard let index = columns.index(.name) else { return }
        // Plain bytes that are not UTF-8 (a GBK register) are decoded on the text path.
        let appended = row.withPlainBytes(index) { plain in
            guard CSVScanner.isUTF8(plain) else { return false }
            bytes.append(contentsOf: plain)
            return true
        }
        if appended != true, let name = name(row) { bytes.append(contentsOf: name.utf8) }
    }

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
        let codeIndex = columns.index(.industryCode)
        let facts = memo.codes.facts(row, codeIndex)
        var category = InternedTexts.none
        var flagged = false
        if !facts.rules.isEmpty,
            case .flagged(let found, _) = classifier.judge(facts, row, columns)
        {
            category = memo.category(found)
            flagged = central
        }
        let code = memo.code(row, codeIndex) { memo.texts.id(facts.codeText) }
        let status = memo.status(row, columns.index(.status)) {
            let text = columns.text(.status, in: row).map(Self.trimmed)
            return (memo.texts.id(text), text.flatMap(FirmState.exit(of:)))
        }
        return FirmState(
            row: row.number, unit: unit, code: code, category: category, flagged: flagged, status: status.0,
            exit: status.1, lon: lon, lat: lat, landM2: columns.number(.land, in: row))
    }

    /// What a worker keeps from row to row: the codes' facts, and the numbers of the texts it has met, by the
    /// cells' bytes where the reader holds them plain (most rows), so a row's texts are numbered without a
    /// String made or hashed.
    final class Memo {
        let codes: CodeMemo
        let texts: InternedTexts.Memo
        private var codeNumbers: [ShortBytes: Int32] = [:]
        private var statuses: [ShortBytes: (Int32, Int8?)] = [:]
        /// The categories met, with their numbers: a handful, compared in turn.
        private var categories: [(text: String, id: Int32)] = []
        private static let limit = 20_000

        init(_ classifier: NoncoreClassifier, texts: InternedTexts) {
            codes = CodeMemo(classifier)
            self.texts = InternedTexts.Memo(texts)
        }

        /// The number of the code in cell `index` of `row`, which `make` gives.
        func code(_ row: InputRow, _ index: Int?, _ make: () -> Int32) -> Int32 {
            Self.cached(&codeNumbers, row, index, make)
        }

        /// The number of the status in cell `index` of `row` and the exit it records, which `make` gives.
        func status(_ row: InputRow, _ index: Int?, _ make: () -> (Int32, Int8?)) -> (Int32, Int8?) {
            Self.cached(&statuses, row, index, make)
        }

        /// What `make` gives for the cell, memoised in `table` by the cell's bytes (made afresh when the
        /// reader does not hold it plain, or it is long).
        private static func cached<Value>(
            _ table: inout [ShortBytes: Value], _ row: InputRow, _ index: Int?, _ make: () -> Value
        ) -> Value {
            guard let index, case let key?? = row.withPlainBytes(index, ShortBytes.init) else { return make() }
            if let known = table[key] { return known }
            let made = make()
            if table.count >= limit { table.removeAll(keepingCapacity: true) }
            table[key] = made
            return made
        }

        /// The number of a category the rules gave.
        func category(_ text: String) -> Int32 {
            if let known = categories.first(where: { $0.text == text }) { return known.id }
            let id = texts.id(text)
            categories.append((text, id))
            return id
        }
    }
}
