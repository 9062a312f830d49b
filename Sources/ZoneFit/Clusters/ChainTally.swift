import GeoKit

/// Counts the placed firms of every chain on the placements stream, for the
/// location quotients, the hot-spot grid and the chain coverage: per unit and
/// chain (firms, employees, revenue), per unit over all firms with a readable
/// code, per chain link, the chain leaders per unit, and per grid cell the
/// chosen measure. Adds no fields and keeps every row; memory grows with units,
/// chains and cells, never with firms.
public final class ChainTally: PlacementAnalysis {
    public let command = "clusters"
    public var profile: (id: String, path: String)? { (rules.id, rules.path) }
    public var fieldNames: FieldNames? { rules.fieldNames }

    public let chains: ChainTable
    public let grid: StudyGrid
    public let measure: ChainMeasure
    let rules: NoncoreProfile
    private let classifier: NoncoreClassifier
    private(set) var columns = FirmColumns()

    /// By unit index: firms with a readable code.
    public private(set) var all: [ChainSums] = []
    /// By unit index × chain (`unit * chains + chain`).
    public private(set) var inChain: [ChainSums] = []
    /// Chain leaders (链主) by unit × chain.
    public private(set) var leaders: [Int] = []
    /// Firms by chain link, links of all chains end to end (see `linkOffsets`).
    public private(set) var linkFirms: [Int] = []
    let linkOffsets: [Int]
    /// The measure by grid cell × chain, in `ChainSums`' integer units (whole firms, ten-thousandths).
    public private(set) var cells: [Int64] = []
    /// Chain firms placed in a unit whose point could not be put on the grid (outside it, or no projection).
    public private(set) var offGrid = 0

    public init(rules: NoncoreProfile, grid: StudyGrid, measure: ChainMeasure) throws {
        self.rules = rules
        classifier = try NoncoreClassifier(rules)
        chains = rules.classification.chains
        self.grid = grid
        self.measure = measure
        var offsets: [Int] = []
        var total = 0
        for chain in chains.chains {
            offsets.append(total)
            total += chain.links.count
        }
        linkOffsets = offsets
        linkFirms = Array(repeating: 0, count: total)
        cells = Array(repeating: 0, count: grid.cells.count * chains.chains.count)
    }

    public func prepare(inputFields: [FieldDefinition], layer: ZoneLayer) throws -> [FieldDefinition] {
        columns = FirmColumns(try FieldMapping(fields: inputFields, names: rules.fieldNames))
        all = Array(repeating: ChainSums(), count: layer.units.count)
        inChain = Array(repeating: ChainSums(), count: layer.units.count * chains.chains.count)
        leaders = Array(repeating: 0, count: inChain.count)
        return []
    }

    public func makeSlice() -> any AnalysisSlice { Slice(self) }

    public func merge(_ slice: any AnalysisSlice) {
        guard let slice = slice as? Slice, slice.used else { return }
        for unit in all.indices { all[unit].add(slice.all[unit]) }
        for index in inChain.indices {
            inChain[index].add(slice.inChain[index])
            leaders[index] += slice.leaders[index]
        }
        for index in linkFirms.indices { linkFirms[index] += slice.linkFirms[index] }
        for (cell, values) in slice.cells {
            for chain in values.indices { cells[cell * values.count + chain] &+= values[chain] }
        }
        offGrid += slice.offGrid
    }

    /// One slice's counts; the grid's only for the cells its firms are in.
    final class Slice: AnalysisSlice {
        private let tally: ChainTally
        private var codes: CodeMemo?
        fileprivate var used = false
        fileprivate var all: [ChainSums] = []
        fileprivate var inChain: [ChainSums] = []
        fileprivate var leaders: [Int] = []
        fileprivate var linkFirms: [Int] = []
        fileprivate var cells: [Int: [Int64]] = [:]
        fileprivate var offGrid = 0

        init(_ tally: ChainTally) { self.tally = tally }

        func values(for row: InputRow, at place: PlacedRow) throws -> [FieldValue]? {
            let tally = self.tally
            let columns = tally.columns
            if !used {
                used = true
                all = Array(repeating: ChainSums(), count: tally.all.count)
                inChain = Array(repeating: ChainSums(), count: tally.inChain.count)
                leaders = Array(repeating: 0, count: tally.leaders.count)
                linkFirms = Array(repeating: 0, count: tally.linkFirms.count)
            }
            let memo = codes ?? place.workerState(for: tally) { CodeMemo(tally.classifier) }
            codes = memo
            let facts = memo.facts(row, columns.index(.industryCode))
            guard facts.parsed != nil else { return [] }
            let firm = ChainSums(
                firms: 1, employees: columns.number(.employees, in: row) ?? 0,
                revenue: columns.number(.revenue, in: row) ?? 0)
            let unit = place.unitIndex
            all[unit].add(firm)
            guard !facts.links.isEmpty else { return [] }
            let chainCount = tally.chains.chains.count
            let leader = columns.flag(.chainLeader, in: row)
            var cell: Int?? = .none
            var last = -1
            for link in facts.links {
                linkFirms[tally.linkOffsets[link.chain] + link.link] += 1
                // A firm counts once in each chain, however many of its links hold the code.
                guard link.chain != last else { continue }
                last = link.chain
                inChain[unit * chainCount + link.chain].add(firm)
                if leader { leaders[unit * chainCount + link.chain] += 1 }
                if cell == nil {
                    cell = .some(place.projected().flatMap { tally.grid.cell(x: $0.x, y: $0.y) })
                    if cell! == nil { offGrid += 1 }
                }
                if case let index?? = cell {
                    cells[index, default: Array(repeating: 0, count: chainCount)][link.chain] &+= firm.units(
                        tally.measure)
                }
            }
            return []
        }
    }
}
