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
    private(set) var index: [RegisterKey: Int] = [:]
    /// A key found twice (the first such), with the rows that hold it; and how many repeats in all.
    private(set) var repeated: (key: String, first: Int, again: Int)?
    private(set) var repeats = 0
    /// Placed rows with an empty key, which cannot be matched.
    private(set) var unkeyed = 0
    private(set) var reader: FirmReader?

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

    func merge(_ slice: any AnalysisSlice) {
        guard let slice = slice as? Slice else { return }
        for (key, state) in slice.firms {
            guard let key else {
                unkeyed += 1
                continue
            }
            if let first = index[key] {
                repeats += 1
                if repeated == nil { repeated = (key.description, states[first].row, state.row) }
                continue
            }
            index[key] = states.count
            states.append(state)
            keys.append(key)
        }
    }

    /// The firms of one slice, in input order.
    final class Slice: AnalysisSlice {
        private let reader: FirmReader
        private let owner: SnapshotIndex
        private(set) var firms: [(key: RegisterKey?, state: FirmState)] = []

        init(_ owner: SnapshotIndex) {
            self.owner = owner
            reader = owner.reader!
        }

        func values(for row: InputRow, at place: PlacedRow) throws -> [FieldValue]? {
            let memo = place.workerState(for: owner) { CodeMemo(reader.classifier) }
            let state = reader.state(
                row, unit: place.unitIndex, central: place.zone == .central, lon: place.lon, lat: place.lat,
                memo: memo)
            firms.append((reader.key(row).map(RegisterKey.init), state))
            return []
        }

        func values(for row: InputRow, among place: UncertainPlace) throws -> [FieldValue]? {
            let memo = place.workerState(for: owner) { CodeMemo(reader.classifier) }
            firms.append(
                (
                    reader.key(row).map(RegisterKey.init),
                    reader.state(row, unit: nil, central: false, lon: nil, lat: nil, memo: memo)
                ))
            return []
        }
    }
}
