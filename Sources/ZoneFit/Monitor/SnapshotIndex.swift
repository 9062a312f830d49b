import Dispatch
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
    /// Each key's position, in shards by `RegisterKey.shard`, built at once, one shard a thread.
    private(set) var index: [[RegisterKey: Int]] = []
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
        states.append(contentsOf: slice.states)
        keys.append(contentsOf: slice.keys)
    }

    /// Every key's position, noting repeated keys (the run stops on one, so a later row's position may stand).
    func buildIndex(threads: Int) {
        let shards = max(1, threads)
        nonisolated(unsafe) var built = [(index: [RegisterKey: Int], repeats: [(first: Int, again: Int)])](
            repeating: ([:], []), count: shards)
        let keys = keys
        built.withUnsafeMutableBufferPointer { built in
            nonisolated(unsafe) let built = built
            DispatchQueue.concurrentPerform(iterations: shards) { shard in
                var index = [RegisterKey: Int](minimumCapacity: keys.count / shards + keys.count / 64)
                var repeats: [(first: Int, again: Int)] = []
                for (position, key) in keys.enumerated() where key.shard(shards) == shard {
                    if let first = index.updateValue(position, forKey: key) { repeats.append((first, position)) }
                }
                built[shard] = (index, repeats)
            }
        }
        index = built.map(\.index)
        let repeatedPositions = built.flatMap(\.repeats)
        repeats = repeatedPositions.count
        // The first repeat in input order, as a reader would find it.
        if let first = repeatedPositions.min(by: { $0.again < $1.again }) {
            repeated = (keys[first.again].description, states[first.first].row, states[first.again].row)
        }
    }

    /// Where the earlier register holds `key`.
    func position(of key: RegisterKey) -> Int? { index[key.shard(index.count)][key] }

    /// The firms of one slice, in input order.
    final class Slice: AnalysisSlice {
        private let reader: FirmReader
        private let owner: SnapshotIndex
        private(set) var keys: [RegisterKey] = []
        private(set) var states: [FirmState] = []
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
            state.name = reader.name(row)
            states.append(state)
        }
    }
}
