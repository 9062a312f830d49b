import GeoKit

/// The later register of a `diff`, read on the placements stream against the
/// earlier one's `SnapshotIndex`: each firm's change judged and counted on the
/// workers, then, on one thread in input order, the earlier firms marked seen
/// and the changes handed to `write` (the changed ones, or all with
/// `everyFirm`). Nothing is held but the earlier register's states and which
/// of them were seen.
final class RegisterDiff: PlacementAnalysis {
    var command: String { before.command }
    var profile: (id: String, path: String)? { before.profile }
    var codeColumns: [String] { before.codeColumns }
    var fieldNames: FieldNames? { before.fieldNames }

    let before: SnapshotIndex
    let everyFirm: Bool
    private(set) var summary: ChangeSummary
    private(set) var progress: RelocationProgress
    private let layer: ZoneLayer
    /// A key the later register holds twice (the first such): the key and its rows; and how many repeats.
    private(set) var repeated: (key: String, first: Int, again: Int)?
    private(set) var repeats = 0
    private(set) var unkeyed = 0
    /// Where the earlier register's firms were seen in the later one (0: not seen).
    private var seenAtRow: [Int]
    /// The keys of firms that entered, by row: a repeat among them is found here.
    private var enteredRows: [RegisterKey: Int] = [:]
    private var reader: FirmReader?
    /// Called with each change to write, in order, and its number (from 1); its first error ends the
    /// writing and is kept.
    private let writer: (FirmChange, Int) throws -> Void
    private(set) var written = 0
    private(set) var writeError: Error?

    /// Which receiving park a relocated firm lies in, where the parks were given.
    private let parks: ParkFinder?

    init(
        before: SnapshotIndex, layer: ZoneLayer, everyFirm: Bool, parks: ParkFinder?,
        write: @escaping (FirmChange, Int) throws -> Void
    ) {
        self.before = before
        self.parks = parks
        self.everyFirm = everyFirm
        writer = write
        summary = ChangeSummary(unitCount: layer.units.count, texts: before.texts)
        progress = RelocationProgress(unitCount: layer.units.count)
        self.layer = layer
        seenAtRow = Array(repeating: 0, count: before.states.count)
    }

    func prepare(inputFields: [FieldDefinition], layer: ZoneLayer) throws -> [FieldDefinition] {
        reader = try FirmReader(
            fields: inputFields, names: before.rules.fieldNames, keyField: before.keyField,
            classifier: before.reader!.classifier)
        return []
    }

    func makeSlice() -> any AnalysisSlice { Slice(self) }

    func merge(_ slice: any AnalysisSlice) {
        guard let slice = slice as? Slice else { return }
        unkeyed += slice.unkeyed
        summary.add(slice.summary)
        progress.add(slice.progress)
        // (A repeated key stops the run, so what the slices counted for it does not matter.)
        for (position, row) in slice.seen {
            if seenAtRow[position] != 0 {
                noteRepeat(before.keys[position], seenAtRow[position], row)
                continue
            }
            seenAtRow[position] = row
        }
        for change in slice.changes {
            if change.before == nil, let row = change.after?.row {
                if let first = enteredRows[change.key] {
                    noteRepeat(change.key, first, row)
                    continue
                }
                enteredRows[change.key] = row
            }
            write(change)
        }
    }

    /// The earlier register's firms the later one does not hold: exits (`absent`), once the pass is over.
    func finish() {
        for (position, state) in before.states.enumerated() where seenAtRow[position] == 0 {
            guard let change = FirmChange(key: before.keys[position], before: state, after: nil)
            else { continue }
            summary.count(change)
            progress.count(change, layer: layer)
            write(change)
        }
    }

    private func write(_ change: FirmChange) {
        guard writeError == nil else { return }
        do {
            var change = change
            if change.name == nil, let before = change.before { change.name = self.before.name(before) }
            if let parks, RelocationProgress.outcome(change, layer: layer) == .relocated, let lon = change.after?.lon,
                let lat = change.after?.lat, let park = try parks.park(lon: lon, lat: lat)
            {
                change.receivingPark = park.id
                progress.countInPark(change)
            }
            try writer(change, written + 1)
            written += 1
        } catch { writeError = error }
    }

    private func noteRepeat(_ key: RegisterKey, _ first: Int, _ again: Int) {
        repeats += 1
        if repeated == nil { repeated = (key.description, first, again) }
    }

    /// The changes of one slice's rows, in input order, each with its firm's place in the earlier register.
    final class Slice: AnalysisSlice {
        private let owner: RegisterDiff
        private let reader: FirmReader
        private let before: SnapshotIndex
        private let keys: [RegisterKey]
        /// Where the next row's firm is looked for first: after the last one found. Registers exported from
        /// one system keep their order from period to period, so most firms are found there, in memory read in
        /// order, without the index's scattered reads.
        private var next = 0
        private let states: [FirmState]
        private let layer: ZoneLayer
        private let everyFirm: Bool
        /// The earlier register's firms this slice holds, and the rows holding them.
        private(set) var seen: [(position: Int, row: Int)] = []
        /// The changes to write, in input order.
        private(set) var changes: [FirmChange] = []
        private(set) var summary: ChangeSummary
        private(set) var progress: RelocationProgress
        private(set) var unkeyed = 0

        init(_ owner: RegisterDiff) {
            self.owner = owner
            reader = owner.reader!
            before = owner.before
            keys = owner.before.keys
            states = owner.before.states
            layer = owner.layer
            everyFirm = owner.everyFirm
            summary = ChangeSummary(unitCount: layer.units.count, texts: owner.before.texts)
            progress = RelocationProgress(unitCount: layer.units.count)
        }

        func values(for row: InputRow, at place: PlacedRow) throws -> [FieldValue]? {
            let memo = place.workerState(for: owner) { FirmReader.Memo(reader.classifier, texts: owner.before.texts) }
            add(
                row,
                reader.state(
                    row, unit: place.unitIndex, central: place.zone == .central, lon: place.lon, lat: place.lat,
                    memo: memo))
            return []
        }

        func values(for row: InputRow, among place: UncertainPlace) throws -> [FieldValue]? {
            let memo = place.workerState(for: owner) { FirmReader.Memo(reader.classifier, texts: owner.before.texts) }
            add(row, reader.state(row, unit: nil, central: false, lon: nil, lat: nil, memo: memo))
            return []
        }

        private func add(_ row: InputRow, _ state: FirmState) {
            guard let key = reader.key(row) else {
                unkeyed += 1
                return
            }
            let position = next < keys.count && keys[next] == key ? next : before.position(of: key)
            if let position {
                seen.append((position, state.row))
                next = position + 1
            }
            guard var change = FirmChange(key: key, before: position.map { states[$0] }, after: state) else {
                return
            }
            summary.count(change)
            progress.count(change, layer: layer)
            guard everyFirm || change.kind != .unchanged else { return }
            change.name = reader.name(row)
            changes.append(change)
        }
    }
}
