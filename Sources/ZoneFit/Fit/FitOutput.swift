import Foundation
import GeoKit

/// Writes a fit result: the unit polygons with every field (any output
/// format), and beside them a CSV table and a JSON document. In a database the
/// table is the table, and the document is the table's comment.
enum FitOutput {
    /// Returns where the result went, as messages name each destination.
    static func write(_ result: FitResult, to path: String, format: String?, inputs request: FitRequest) throws
        -> [String]
    {
        let chosen = try OutputFormat.resolve(path: path, format: format)
        var inputs =
            try (request.indicatorsTable ?? result.profile.indicatorsTable).map {
                [try SourceIdentity.of(SourceReference($0))]
            } ?? []
        // The enterprises were hashed as they were read, once.
        if let enterprises = result.enterprises?.input { inputs.append(enterprises) }
        let provenance = try Provenance(
            command: "fit", inputs: inputs, scheme: result.layer.scheme,
            profile: (result.profile.id, result.profile.path))
        let fields = fieldDefinitions(result)
        let rows = result.layer.units.indices.map { values(result, unit: $0) }
        let document = document(result, provenance: provenance)

        let main = try LayerOutput(
            path: path, format: chosen, table: request.table, layerName: "fit", fields: fields,
            crs: OutputCRS.resolve(request.targetCRS, format: chosen, output: path))
        for (index, unit) in result.layer.units.enumerated() {
            try main.write(id: Int64(index + 1), values: rows[index], polygon: unit.wkb)
        }
        guard request.table == nil else {
            try main.close(provenance: document)
            try main.publish()
            return [main.destination]
        }
        try main.close(provenance: provenance.json)

        var companions: [AtomicOutput] = []
        if chosen != .csv {
            let csv = try AtomicOutput(request.sidePath("csv"))
            try CSVTable.write(rows, fields: fields, layer: "fit", to: csv.temporaryPath)
            companions.append(csv)
        }
        let json = try AtomicOutput(request.sidePath("json"))
        do {
            try document.write(toFile: json.temporaryPath, atomically: false, encoding: .utf8)
        } catch {
            throw ZoneFitError(file: json.finalPath, "cannot write: \(error.localizedDescription)")
        }
        companions.append(json)
        // The main file last: until it is in place, no part of the result is taken for the whole.
        for file in companions { try file.publish() }
        try main.publish()
        return [main.destination] + companions.map(\.finalPath)
    }

    static func fieldDefinitions(_ result: FitResult) -> [FieldDefinition] {
        var fields = [
            FieldDefinition("unit", .string), FieldDefinition("name", .string), FieldDefinition("name_en", .string),
            FieldDefinition("zone", .string), FieldDefinition("is_core", .boolean),
        ]
        for indicator in result.indicators {
            fields += [
                FieldDefinition("raw_\(indicator.id)", .real), FieldDefinition("norm_\(indicator.id)", .real),
                FieldDefinition("w_\(indicator.id)", .real),
            ]
        }
        fields += ["u1", "u2", "c", "t", "d"].map { FieldDefinition($0, .real) }
        fields += [
            FieldDefinition("grade", .string), FieldDefinition("grade_en", .string), FieldDefinition("rank", .integer),
            FieldDefinition("composite", .real), FieldDefinition("composite_rank", .integer),
            FieldDefinition("topsis", .real),
            FieldDefinition("rank_share", .real), FieldDefinition("rank_min", .integer),
            FieldDefinition("rank_max", .integer),
        ]
        return fields
    }

    static func values(_ result: FitResult, unit index: Int) -> [FieldValue] {
        let unit = result.layer.units[index]
        let score = result.score.units[index]
        let stability = result.sensitivity.units[index]
        var values: [FieldValue] = [
            .string(unit.id), .string(unit.name), .string(unit.nameEn), .string(unit.zone.rawValue),
            .boolean(unit.isCore),
        ]
        for j in result.indicators.indices {
            values += [.real(result.raw[index][j]), .real(score.normalised[j]), .real(result.score.weights[j])]
        }
        values += [score.u1, score.u2, score.coupling.c, score.coupling.t, score.coupling.d].map(FieldValue.real)
        values += [
            score.grade.map { .string($0.name) } ?? .null, score.grade.map { .string($0.nameEn) } ?? .null,
            .integer(Int64(score.rank)), .real(score.composite), .integer(Int64(score.compositeRank)),
            .real(score.topsis), .real(stability.shareAtRank), .integer(Int64(stability.rankMin)),
            .integer(Int64(stability.rankMax)),
        ]
        return values
    }

    /// The JSON document: method, indicators with weights, AHP figures, every unit, sensitivity, missing values.
    static func document(_ result: FitResult, provenance: Provenance) -> String {
        let s = JSONText.string
        let n = JSONText.number
        let profile = result.profile
        let method =
            "{\"normalisation\":\(s(profile.normalisation.rawValue)),\"weighting\":\(s(profile.weighting.rawValue)),\"composite\":\(s(profile.composite.rawValue)),\"alpha\":\(n(profile.alpha)),\"beta\":\(n(profile.beta))}"
        let indicators = result.indicators.enumerated().map { j, indicator in
            "{\"id\":\(s(indicator.id)),\"name\":\(s(indicator.name)),\"name_en\":\(s(indicator.nameEn)),\"unit\":\(s(indicator.unit)),\"subsystem\":\(s(indicator.subsystem.rawValue)),\"direction\":\(s(indicator.direction.rawValue)),\"kind\":\(s(indicator.kind.rawValue)),\"source\":\(s(indicator.source)),\"weight\":\(n(result.score.weights[j]))}"
        }.joined(separator: ",")
        let ahp =
            result.score.ahp.map { "{\"lambda_max\":\(n($0.lambdaMax)),\"ci\":\(n($0.ci)),\"cr\":\(n($0.cr))}" }
            ?? "null"
        let units = result.layer.units.enumerated().map { i, unit -> String in
            let score = result.score.units[i]
            let stability = result.sensitivity.units[i]
            let raw = result.indicators.enumerated().map { "\(s($1.id)):\(n(result.raw[i][$0]))" }.joined(
                separator: ",")
            let normalised = result.indicators.enumerated().map { "\(s($1.id)):\(n(score.normalised[$0]))" }.joined(
                separator: ",")
            return
                "{\"unit\":\(s(unit.id)),\"name\":\(s(unit.name)),\"zone\":\(s(unit.zone.rawValue)),\"raw\":{\(raw)},\"normalised\":{\(normalised)},\"u1\":\(n(score.u1)),\"u2\":\(n(score.u2)),\"c\":\(n(score.coupling.c)),\"t\":\(n(score.coupling.t)),\"d\":\(n(score.coupling.d)),\"grade\":\(score.grade.map { s($0.name) } ?? "null"),\"grade_en\":\(score.grade.map { s($0.nameEn) } ?? "null"),\"rank\":\(score.rank),\"composite\":\(n(score.composite)),\"composite_rank\":\(score.compositeRank),\"topsis\":\(n(score.topsis)),\"stability\":{\"share_at_rank\":\(n(stability.shareAtRank)),\"rank_min\":\(stability.rankMin),\"rank_max\":\(stability.rankMax)}}"
        }.joined(separator: ",\n")
        let shifts = result.sensitivity.shiftWithout.map { "\(s($0.id)):\($0.shift.map(String.init) ?? "null")" }
            .joined(separator: ",")
        let sensitivity =
            "{\"runs\":\(result.sensitivity.runs),\"perturbation\":\(n(result.sensitivity.perturbation)),\"seed\":\(result.sensitivity.seed),\"most_influential_indicator\":\(result.sensitivity.mostInfluential.map(s) ?? "null"),\"rank_shift_without\":{\(shifts)}}"
        let missing = result.missing.map {
            "{\"unit\":\(s($0.unit)),\"indicator\":\(s($0.indicator)),\"action\":\(s($0.action))}"
        }.joined(separator: ",")
        let bands = profile.bands.map {
            "{\"lower\":\(n($0.lower)),\"upper\":\(n($0.upper)),\"name\":\(s($0.name)),\"name_en\":\(s($0.nameEn))}"
        }.joined(separator: ",")
        return
            "{\"provenance\":\(provenance.json),\"method\":\(method),\"indicators\":[\(indicators)],\"ahp\":\(ahp),\"bands\":[\(bands)],\"units\":[\n\(units)\n],\"sensitivity\":\(sensitivity),\"missing\":[\(missing)],\"dropped_indicators\":[\(result.dropped.map(s).joined(separator: ","))],\"enterprises_unit_uncertain\":\(result.enterprises.map { String($0.unitUncertain) } ?? "null")}\n"
    }
}
