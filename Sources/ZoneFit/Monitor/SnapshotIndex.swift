import GeoKit

/// The earlier register of a `diff`, read on the placements stream: every
/// firm's `FirmState` by key. Holds the keys and states, never the rows.
final class SnapshotIndex: PlacementAnalysis {
    let command = "diff"
    var profile: (id: String, path: String)? { (rules.id, rules.path) }
    /// The key and the codes stay text (a USCC of digits is not a number).
    var codeColumns: [String] {
        [FirmField.industryCode, .uscc].flatMap(rules.fieldNames.headers) + [keyField].compactMap { $0 }
    }
    var fieldNames: FieldNames? { rules.fieldNames }

    private(set) var states: [FirmState] = []
    /// The key of each state.
    private(set) var keys: [RegisterKey] = []
    /// Each key's position, built once the pass is over.
    private var index: KeyIndex?
    /// The firms' names, one after another (`FirmState.name` is a range in them): a million names held as
    /// Strings were a million allocations, and every copy of a state counted a reference.
    private(set) var names: [UInt8] = []
    /// A key found twice (the first such), with the rows that hold it; and how many repeats in all.
    private(set) var repeated: (key: String, first: Int, again: Int)?
    private(set) var repeats = 0
    /// Placed rows with an empty key, which cannot be matched.
    private(set) var unkeyed = 0
    private(set) var reader: FirmReader?
    /// The codes, categories and statuses of both registers.
    let texts = InternedTexts()

    let rules: NoncoreProfile
    let keyField: String?
    private let classifier: NoncoreClassifier

    init(rules: NoncoreProfile, keyField: String?) throws {
        self.rules = rules
        self.keyField = keyField
        classifier = try NoncoreClassifier(rules)
    }

    func prepare(inputFields: [FieldDefinition], layer: ZoneLayer) throws -> [FieldDefinition] {
        reader = try FirmReader(
            fields: inputFields, names: rules.fieldNames, keyField: keyField, classifier: classifier)
        return []
    }

    func makeSlice() -> any AnalysisSlice { Slice(self) }

    /// Appends what a slice read; the index is built once the pass is over (`buildIndex`), at the size it needs,
    /// not grown a slice at a time on the one thread that merges.
    func merge(_ slice: any AnalysisSlice) {
        guard let slice = slice as? Slice else { return }
        unkeyed += slice.unkeyed
        let base = names.count
        names.append(contentsOf: slice.names)
        for var state in slice.states {
            state.name = (state.name.lowerBound + base)..<(state.name.upperBound + base)
            states.append(state)
        }
        keys.append(contentsOf: slice.keys)
    }

    /// Every key's position, noting repeated keys (the run stops on one).
    func buildIndex(threads: Int) {
        let (index, repeatedPositions) = KeyIndex.build(keys, threads: threads)
        self.index = index
        repeats = repeatedPositions.count
        // The first repeat in input order, as a reader would find it.
        if let first = repeatedPositions.min(by: { $0.again < $1.again }) {
            repeated = (keys[first.again].description, states[first.first].row, states[first.again].row)
        }
    }

    /// Where the earlier register holds `key`.
    func position(of key: RegisterKey) -> Int? { index?.position(of: key, in: keys) }

    /// The name `state` (one of `states`) holds.
    func name(_ state: FirmState) -> String? {
        state.name.isEmpty ? nil : String(decoding: names[state.name], as: UTF8.self)
    }

    /// The firms of one slice, in input order.
    final class Slice: AnalysisSlice {
        private let reader: FirmReader
        private let owner: SnapshotIndex
        private(set) var keys: [RegisterKey] = []
        private(set) var states: [FirmState] = []
        /// The names of `states`, which hold ranges in it.
        private(set) var names: [UInt8] = []
        private(set) var unkeyed = 0

        init(_ owner: SnapshotIndex) {
            self.owner = owner
            reader = owner.reader!
        }

        func values(for row: InputRow, at place: PlacedRow) throws -> [FieldValue]? {
            let memo = place.workerState(for: owner) { FirmReader.Memo(reader.classifier, texts: owner.texts) }
            add(
                row,
                reader.state(
                    row, unit: place.unitIndex, central: place.zone == .central, lon: place.lon, lat: place.lat,
                    memo: memo))
            return []
        }

        func values(for row: InputRow, among place: UncertainPlace) throws -> [FieldValue]? {
            let memo = place.workerState(for: owner) { FirmReader.Memo(reader.classifier, texts: owner.texts) }
            add(row, reader.state(row, unit: nil, central: false, lon: nil, lat: nil, memo: memo))
            return []
        }

        private func add(_ row: InputRow, _ state: FirmState) {
            guard let key = reader.key(row) else {
                unkeyed += 1
                return
            }
            keys.append(key)
            var state = state
            let start = names.count
            reader.name(row, into: &names)
            state.name = start..<names.count
            states.append(state)
        }
    }
}
