/// `CodeFacts` by code, one memo per worker (see `PlacedRow.workerState`):
/// facts shared between threads would have their reference counts bounce
/// between the cores on every row, and facts made afresh for every slice cost
/// a parse per code per slice. A code the reader holds as plain bytes (the
/// streaming path's unquoted fields) is looked up by those bytes, packed into
/// two words: making a String of it and hashing that was a fifth of a relocate
/// run. Bounded: a register of garbage codes starts it afresh rather than
/// growing without end.
final class CodeMemo {
    private let classifier: NoncoreClassifier
    private var byText: [String: CodeFacts] = [:]
    private var byBytes: [ShortBytes: CodeFacts] = [:]
    private static let limit = 20_000

    init(_ classifier: NoncoreClassifier) { self.classifier = classifier }

    /// The facts of the code in field `index` of `row` (an absent column or field reads as no code).
    func facts(_ row: InputRow, _ index: Int?) -> CodeFacts {
        if let index, case let key?? = row.withPlainBytes(index, ShortBytes.init) {
            if let known = byBytes[key] { return known }
            let made = facts(row.value(index).text)
            if byBytes.count >= Self.limit { byBytes.removeAll(keepingCapacity: true) }
            byBytes[key] = made
            return made
        }
        return facts(index.flatMap { row.value($0).text })
    }

    func facts(_ text: String?) -> CodeFacts {
        let key = text ?? ""
        if let known = byText[key] { return known }
        if byText.count >= Self.limit { byText.removeAll(keepingCapacity: true) }
        let made = CodeFacts(key, classifier: classifier)
        byText[key] = made
        return made
    }
}
