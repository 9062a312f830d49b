import GeoKit

/// A consumer of the placements stream beside the feature writers: relocate's
/// rules and receiving sites, the fit's load, the report's tally.
///
/// Rows are judged on the workers, a slice of consecutive rows at a time: each
/// slice keeps its own partial sums, and the slices are merged on one thread in
/// input order, so results never depend on the number of threads.
public protocol PlacementAnalysis: AnyObject {
    /// The command and the rule profile written into provenance.
    var command: String { get }
    var profile: (id: String, path: String)? { get }
    /// The input columns the analysis reads as codes, which stay text whatever they hold (see `ColumnTypes`).
    var codeColumns: [String] { get }
    /// The register fields the analysis reads, by which headers (nil: it reads none).
    var fieldNames: FieldNames? { get }

    /// Called once, before any row, with the input's fields; returns the fields it adds (none: it only counts).
    func prepare(inputFields: [FieldDefinition], layer: ZoneLayer) throws -> [FieldDefinition]

    /// A fresh slice, filled on one worker thread.
    func makeSlice() -> any AnalysisSlice

    /// Adds a filled slice to the totals; called on one thread, slices in input order.
    func merge(_ slice: any AnalysisSlice)
}

extension PlacementAnalysis {
    public var codeColumns: [String] { [] }
    public var fieldNames: FieldNames? { nil }
}

/// The part of an analysis that sees the rows of one slice, on one thread.
public protocol AnalysisSlice: AnyObject {
    /// The added values of one placed row, in the order of the fields `prepare` returned;
    /// nil leaves the row out of the output (counted as left out, not lost).
    func values(for row: InputRow, at place: PlacedRow) throws -> [FieldValue]?
    /// The same for a row whose unit is uncertain; an analysis that only judges units
    /// leaves the default: the row is written with its fields null, and counted nowhere.
    func values(for row: InputRow, among place: UncertainPlace) throws -> [FieldValue]?
}

extension AnalysisSlice {
    public func values(for row: InputRow, among place: UncertainPlace) throws -> [FieldValue]? { [] }
}

/// The analyses of a run together: their fields end to end, a row left out when any leaves it out.
struct AnalysisChain {
    let analyses: [any PlacementAnalysis]

    var isEmpty: Bool { analyses.isEmpty }
    var command: String { analyses.first?.command ?? "overlay" }
    var profile: (id: String, path: String)? { analyses.lazy.compactMap(\.profile).first }
    var codeColumns: [String] { analyses.flatMap(\.codeColumns) }
    var fieldNames: FieldNames? { analyses.lazy.compactMap(\.fieldNames).first }

    func prepare(inputFields: [FieldDefinition], layer: ZoneLayer) throws -> [FieldDefinition] {
        try analyses.flatMap { try $0.prepare(inputFields: inputFields, layer: layer) }
    }

    func makeSlices() -> Slices { Slices(parts: analyses.map { $0.makeSlice() }) }

    func merge(_ slices: Slices) {
        for (analysis, slice) in zip(analyses, slices.parts) { analysis.merge(slice) }
    }

    /// One slice of every analysis.
    struct Slices {
        let parts: [any AnalysisSlice]
        /// The one part of a single analysis, called without going through the array.
        private let only: (any AnalysisSlice)?

        init(parts: [any AnalysisSlice]) {
            self.parts = parts
            only = parts.count == 1 ? parts[0] : nil
        }

        func values(for row: InputRow, at place: PlacedRow) throws -> [FieldValue]? {
            if let only { return try only.values(for: row, at: place) }
            return try joined { try $0.values(for: row, at: place) }
        }

        func values(for row: InputRow, among place: UncertainPlace) throws -> [FieldValue]? {
            if let only { return try only.values(for: row, among: place) }
            return try joined { try $0.values(for: row, among: place) }
        }

        /// The parts' values end to end; nil when any part leaves the row out.
        private func joined(_ values: (any AnalysisSlice) throws -> [FieldValue]?) rethrows -> [FieldValue]? {
            // Most analyses that only count add no fields: the one part that does hands its values
            // on as they are, with no array made for the row.
            var all: [FieldValue] = []
            var kept = true
            for part in parts {
                guard let values = try values(part) else {
                    kept = false
                    continue
                }
                if all.isEmpty { all = values } else if !values.isEmpty { all += values }
            }
            return kept ? all : nil
        }
    }
}
