import GeoKit

/// The row layout of an overlay output: the input's fields (renamed
/// `input_<name>` where zonefit adds a field of the same name), then
/// zonefit's fields, and the values that fill them.
struct OverlaySchema {
    /// The fields zonefit adds to every output row.
    static let assignmentFields = Assignment.layout.fields

    let fields: [FieldDefinition]
    let renamed: [String]
    /// Which column the analyses read for each register field, as the run prints it (`FieldMapping`).
    private(set) var fieldMapping: [String] = []
    /// The fields after the analyses'.
    let trailing: RowLayout<PlacementFields>
    private let layer: ZoneLayer
    private let keepsFID: Bool
    /// How many fields the analyses add: a row an analysis does not judge (its unit uncertain) has them null.
    private let analysisFieldCount: Int

    /// `fidField`: the input's FID column, kept as a field where the output format stores no ids.
    /// `lonLatColumns`: add WGS84 `lon_wgs84`/`lat_wgs84` (tables that do not already hold them).
    /// `analysisFields`: what the run's analyses add after the assignment.
    init(
        inputFields: [FieldDefinition], fidField: String?, layer: ZoneLayer, analysisFields: [FieldDefinition],
        snapping: Bool, polygons: Bool, lonLatColumns: Bool, describing: Bool = false
    ) {
        trailing = PlacementFields.layout(
            snapping: snapping, polygons: polygons, lonLat: lonLatColumns, describing: describing)
        analysisFieldCount = analysisFields.count
        let added = Self.assignmentFields + analysisFields + trailing.fields
        let addedNames = Set(added.map(\.name))
        var input = inputFields
        var renamed: [String] = []
        for index in input.indices where addedNames.contains(input[index].name) {
            renamed.append(input[index].name)
            input[index].name = "input_" + input[index].name
        }
        let fid = fidField.map { name in
            [FieldDefinition(input.contains { $0.name == name } ? "input_\(name)" : name, .integer)]
        }
        self.fields = (fid ?? []) + input + added
        self.renamed = renamed
        self.keepsFID = fidField != nil
        self.layer = layer
    }

    /// The schema of `request`'s output: the analyses prepare their fields here, once. `describing`: rows
    /// may be placed by their register entry (`RegisterPlacement`).
    init(
        _ request: OverlayRequest, inputFields: [FieldDefinition], fidField: String?, layer: ZoneLayer,
        analyses: AnalysisChain, polygons: Bool, lonLatColumns: Bool, describing: Bool = false
    ) throws {
        let added: [FieldDefinition]
        let mapping: FieldMapping?
        do {
            added = try analyses.prepare(inputFields: inputFields, layer: layer)
            mapping = try analyses.fieldNames.map { try FieldMapping(fields: inputFields, names: $0) }
        } catch let error as ZoneFitError {
            throw error.about(file: request.input)
        }
        self.init(
            inputFields: inputFields, fidField: fidField, layer: layer, analysisFields: added,
            snapping: request.snapMetres != nil, polygons: polygons, lonLatColumns: lonLatColumns,
            describing: describing)
        fieldMapping = mapping.map { $0.lines + $0.warnings } ?? []
    }

    /// A placed row's values: the input's, the assignment, the analyses' (`extra`), then `placement`'s.
    func row(_ feature: SourceFeature, cell: Int, extra: [FieldValue], placement: PlacementFields) -> [FieldValue] {
        inputValues(feature) + assignment(cell) + extra + trailing.values(placement)
    }

    /// A row placed by its register entry: what the entry tells in place of the assignment, the analyses'
    /// values where they judged it (else null), and how it was placed.
    func row(_ feature: SourceFeature, place: DescribedPlace, extra: [FieldValue]) -> [FieldValue] {
        let judged = extra.count == analysisFieldCount ? extra : Array(repeating: .null, count: analysisFieldCount)
        return inputValues(feature) + Assignment.layout.values(Assignment(place, in: layer)) + judged
            + trailing.values(.described(place, in: layer))
    }

    private func inputValues(_ feature: SourceFeature) -> [FieldValue] {
        keepsFID ? [.integer(feature.fid)] + feature.values : feature.values
    }

    private func assignment(_ cell: Int) -> [FieldValue] {
        Assignment.layout.values(Assignment(cell: cell, in: layer))
    }
}
