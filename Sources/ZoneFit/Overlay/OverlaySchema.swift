import GeoKit

/// The row layout of an overlay output: the input's fields (renamed
/// `input_<name>` where zonefit adds a field of the same name), then
/// zonefit's fields, and the values that fill them.
struct OverlaySchema {
    /// The fields zonefit adds to every output row.
    static let assignmentFields = Assignment.layout.fields

    let fields: [FieldDefinition]
    let renamed: [String]
    private let layer: ZoneLayer
    private let snapping: Bool
    private let polygons: Bool
    private let lonLatColumns: Bool
    private let keepsFID: Bool

    /// `fidField`: the input's FID column, kept as a field where the output format stores no ids.
    /// `lonLatColumns`: add WGS84 `lon_wgs84`/`lat_wgs84` (tables that do not already hold them).
    /// `extensionFields`: what the run's analyses add after the assignment.
    init(
        inputFields: [FieldDefinition], fidField: String?, layer: ZoneLayer, extensionFields: [FieldDefinition],
        snapping: Bool, polygons: Bool, lonLatColumns: Bool
    ) {
        var added = Self.assignmentFields + extensionFields
        if snapping { added += [FieldDefinition("snapped", .boolean), FieldDefinition("snap_m", .real)] }
        if polygons { added += [FieldDefinition("area_m2", .real), FieldDefinition("unit_share", .real)] }
        if lonLatColumns { added += [FieldDefinition("lon_wgs84", .real), FieldDefinition("lat_wgs84", .real)] }
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
        self.snapping = snapping
        self.polygons = polygons
        self.lonLatColumns = lonLatColumns
    }

    /// The schema of `request`'s output: the analyses prepare their fields here, once.
    init(
        _ request: OverlayRequest, inputFields: [FieldDefinition], fidField: String?, layer: ZoneLayer,
        analyses: AnalysisChain, polygons: Bool, lonLatColumns: Bool
    ) throws {
        let added: [FieldDefinition]
        do {
            added = try analyses.prepare(inputFields: inputFields, layer: layer)
        } catch let error as ZoneFitError {
            throw error.about(file: request.input)
        }
        self.init(
            inputFields: inputFields, fidField: fidField, layer: layer, extensionFields: added,
            snapping: request.snapMetres != nil, polygons: polygons, lonLatColumns: lonLatColumns)
    }

    func pointRow(
        _ feature: SourceFeature, cell: Int, extra: [FieldValue], lon: Double, lat: Double, snappedMetres: Double?
    ) -> [FieldValue] {
        var values = inputValues(feature) + assignment(cell) + extra
        if snapping { values += [.boolean(snappedMetres != nil), snappedMetres.map(FieldValue.real) ?? .null] }
        if polygons { values += [.null, .null] }
        if lonLatColumns { values += [.real(lon), .real(lat)] }
        return values
    }

    func polygonRow(_ feature: SourceFeature, cell: Int, extra: [FieldValue], areaM2: Double, share: Double)
        -> [FieldValue]
    {
        var values = inputValues(feature) + assignment(cell) + extra
        if snapping { values += [.boolean(false), .null] }
        values += [.real(areaM2), .real(share)]
        if lonLatColumns { values += [.null, .null] }
        return values
    }

    private func inputValues(_ feature: SourceFeature) -> [FieldValue] {
        keepsFID ? [.integer(feature.fid)] + feature.values : feature.values
    }

    private func assignment(_ cell: Int) -> [FieldValue] {
        Assignment.layout.values(Assignment(cell: cell, in: layer))
    }
}
