import Foundation
import GeoKit

/// Writes a clusters result: the location quotients as unit polygons (one
/// feature per unit and chain, any output format) with a CSV copy beside
/// them, the grid cells with every chain's statistics, the coverage table and
/// a JSON document of settings, weights, the unit table and coverage. Every file
/// goes in under a temporary name and is published only when all are written.
enum ClustersOutput {
    /// Refuses, before the register is read, outputs that cannot be written: a database, an unknown format,
    /// two outputs at one path.
    static func check(_ request: ClustersRequest) throws {
        for (path, format) in [(request.output, request.format), (request.gridPath, nil)] {
            guard try OutputFormat.resolve(path: path, format: format) != .postgreSQL else {
                throw ZoneFitError(file: path, "clusters writes files; a database output is not supported")
            }
        }
        let sides = ["csv", "coverage.csv", "json", "enterprises.rejects.csv"].map(request.sidePath)
        let all = [request.output, request.gridPath] + sides
        if let repeated = all.first(where: { path in all.filter { $0 == path }.count > 1 }) {
            throw ZoneFitError(
                file: repeated, "is where two of the clusters outputs would go: give --grid another name")
        }
    }

    /// Writes every file and publishes them, the register's rejects (when given) first and the units last.
    static func write(_ result: ClustersResult, profile: NoncoreProfile, rejects: AtomicOutput?) throws -> [String] {
        let request = result.request
        let format = try OutputFormat.resolve(path: request.output, format: request.format)
        var inputs = [result.enterprises.input].compactMap { $0 }
        if let path = result.chains.path, path != profile.classification.chains.path {
            inputs.append(try SourceIdentity.of(SourceReference(path)))
        }
        let provenance = try Provenance(
            command: "clusters", inputs: inputs, scheme: result.layer.scheme, profile: (profile.id, profile.path))
        let crs = try OutputCRS.resolve(request.targetCRS, format: format, output: request.output)

        let unitFields = quotientFields
        let rows = result.quotients.map { quotientValues($0, result) }
        let units = try LayerOutput(
            path: request.output, format: format, table: nil, layerName: "clusters", fields: unitFields, crs: crs)
        for (index, quotient) in result.quotients.enumerated() {
            try units.write(id: Int64(index + 1), values: rows[index], polygon: result.layer.units[quotient.unit].wkb)
        }
        try units.close(provenance: provenance.json)

        var companions: [AtomicOutput] = []
        if format != .csv {
            companions.append(try table(request.sidePath("csv"), layer: "clusters", fields: unitFields, rows: rows))
        }
        companions.append(
            try table(
                request.sidePath("coverage.csv"), layer: "coverage", fields: coverageFields,
                rows: result.coverage.flatMap { coverageRows($0, result) }))
        let gridFormat = try OutputFormat.resolve(path: request.gridPath, format: nil)
        let gridCRS = try OutputCRS.resolve(request.targetCRS, format: gridFormat, output: request.gridPath)
        let grid = try LayerOutput(
            path: request.gridPath, format: gridFormat, table: nil, layerName: "grid", fields: gridFields(result),
            crs: gridCRS)
        let polygons = try result.grid.polygons()
        for cell in result.grid.cells.indices
        where !request.nonzeroOnly || result.hotSpots.contains(where: { $0.values[cell] != 0 }) {
            try grid.write(id: Int64(cell + 1), values: gridValues(cell, result), polygon: polygons[cell])
        }
        try grid.close(provenance: provenance.json)
        let json = try AtomicOutput(request.sidePath("json"))
        do {
            try document(result, provenance: provenance).write(
                to: URL(fileURLWithPath: json.temporaryPath), options: [])
        } catch {
            throw ZoneFitError(file: json.finalPath, "cannot write: \(error.localizedDescription)")
        }
        companions.append(json)
        // The main file last: until it is in place, no part of the result is taken for the whole.
        try rejects?.publish()
        for file in companions { try file.publish() }
        try grid.publish()
        try units.publish()
        return [request.output, request.gridPath] + companions.map(\.finalPath)
    }

    private static func table(_ path: String, layer: String, fields: [FieldDefinition], rows: [[FieldValue]]) throws
        -> AtomicOutput
    {
        let file = try AtomicOutput(path)
        try CSVTable.write(rows, fields: fields, layer: layer, to: file.temporaryPath)
        return file
    }

    static let quotientFields: [FieldDefinition] =
        [
            FieldDefinition("unit", .string), FieldDefinition("name", .string), FieldDefinition("name_en", .string),
            FieldDefinition("zone", .string), FieldDefinition("is_core", .boolean), FieldDefinition("chain", .string),
            FieldDefinition("chain_zh", .string),
        ]
        + ChainMeasure.allCases.flatMap { measure in
            ["", "unit_", "city_chain_", "city_"].map { FieldDefinition("\($0)\(measure.rawValue)", .real) }
                + [FieldDefinition("lq_\(measure.rawValue)", .real)]
        }
        + [
            FieldDefinition("measure", .string), FieldDefinition("lq", .real), FieldDefinition("lq_reliable", .boolean),
            FieldDefinition("rank", .integer), FieldDefinition("chain_leaders", .integer),
        ]

    static func quotientValues(_ quotient: LocationQuotient, _ result: ClustersResult) -> [FieldValue] {
        let unit = result.layer.units[quotient.unit]
        let chain = result.chains.chains[quotient.chain]
        let measure = result.request.measure
        var values: [FieldValue] = [
            .string(unit.id), .string(unit.name), .string(unit.nameEn), .string(unit.zone.rawValue),
            .boolean(unit.isCore), .string(chain.id), .string(chain.name),
        ]
        for measure in ChainMeasure.allCases {
            values += [quotient.inUnit, quotient.unitAll, quotient.inCity, quotient.cityAll].map {
                measure == .firms ? .integer(Int64($0.firms)) : .real($0[measure])
            }
            values.append(quotient.value(measure).map(FieldValue.real) ?? .null)
        }
        values += [
            .string(measure.rawValue), quotient.value(measure).map(FieldValue.real) ?? .null,
            .boolean(quotient.reliable), quotient.rank.map { .integer(Int64($0)) } ?? .null,
            .integer(Int64(quotient.leaders)),
        ]
        return values
    }

    static let coverageFields: [FieldDefinition] = [
        FieldDefinition("chain", .string), FieldDefinition("chain_zh", .string), FieldDefinition("kind", .string),
        FieldDefinition("code", .string), FieldDefinition("unit", .string), FieldDefinition("firms", .integer),
        FieldDefinition("chain_leaders", .integer), FieldDefinition("missing", .boolean),
    ]

    /// A chain's links (with `missing` where no firm holds one) and the units holding its leaders.
    static func coverageRows(_ coverage: ChainCoverage, _ result: ClustersResult) -> [[FieldValue]] {
        let chain = result.chains.chains[coverage.chain]
        let head: [FieldValue] = [.string(chain.id), .string(chain.name)]
        let links = coverage.links.map { link -> [FieldValue] in
            head + [
                .string("link"), .string(link.code.description), .null, .integer(Int64(link.firms)), .null,
                .boolean(link.firms == 0),
            ]
        }
        let leaders = coverage.leaderUnits.map { entry -> [FieldValue] in
            let unit = result.layer.units[entry.unit]
            let firms = result.quotients.first { $0.unit == entry.unit && $0.chain == coverage.chain }?.inUnit.firms
            return head + [
                .string("leaders"), .null, .string(unit.id), .integer(Int64(firms ?? 0)),
                .integer(Int64(entry.leaders)), .null,
            ]
        }
        return links + leaders
    }

    static func gridFields(_ result: ClustersResult) -> [FieldDefinition] {
        var fields = [
            FieldDefinition("cell", .string), FieldDefinition("x_min", .real), FieldDefinition("y_min", .real),
            FieldDefinition("size_m", .real), FieldDefinition("measure", .string), FieldDefinition("weights", .string),
        ]
        for chain in result.chains.chains {
            fields += [
                FieldDefinition("\(chain.id)_value", .real), FieldDefinition("\(chain.id)_gi_z", .real),
                FieldDefinition("\(chain.id)_gi_p", .real), FieldDefinition("\(chain.id)_gi_q", .real),
                FieldDefinition("\(chain.id)_hotspot", .string), FieldDefinition("\(chain.id)_lisa_i", .real),
                FieldDefinition("\(chain.id)_lisa_quad", .string), FieldDefinition("\(chain.id)_lisa_p", .real),
                FieldDefinition("\(chain.id)_lisa", .string),
            ]
        }
        return fields
    }

    static func gridValues(_ cell: Int, _ result: ClustersResult) -> [FieldValue] {
        let key = result.grid.cells[cell]
        let box = result.grid.envelope(of: cell)
        func real(_ value: Double?) -> FieldValue { value.map(FieldValue.real) ?? .null }
        var values: [FieldValue] = [
            .string("\(key.column)_\(key.row)"), .real(box.minX), .real(box.minY), .real(result.grid.size),
            .string(result.request.measure.rawValue), .string(weightsDescription(result)),
        ]
        for spots in result.hotSpots {
            let moran = spots.moran
            values += [
                .real(spots.values[cell]), real(spots.z[cell]), real(spots.p[cell]), real(spots.q[cell]),
                .string(spots.spots[cell].rawValue), real(moran?.statistics[cell]),
                moran.map { .string($0.quadrants[cell].rawValue) } ?? .null,
                real(moran.flatMap { $0.pValues.isEmpty ? nil : $0.pValues[cell] }),
                spots.moranClass(cell, alpha: result.request.alpha).map(FieldValue.string) ?? .null,
            ]
        }
        return values
    }

    /// The weights as the outputs state them.
    static func weightsDescription(_ result: ClustersResult) -> String {
        "\(result.weights.summary); Gi* includes the cell itself (weight 1); Local Moran row-standardised"
    }

    private static func jsonValue(_ value: FieldValue) -> Any {
        switch value {
        case .null: NSNull()
        case .integer(let number): number
        case .real(let number): number.isFinite ? number : NSNull()
        case .string(let text): text
        case .boolean(let flag): flag
        }
    }

    static func document(_ result: ClustersResult, provenance: Provenance) throws -> Data {
        let request = result.request
        func number(_ value: Double?) -> Any { value.map { $0.isFinite ? $0 as Any : NSNull() } ?? NSNull() }
        let chains: [[String: Any]] = result.chains.chains.indices.map { index in
            let chain = result.chains.chains[index]
            let coverage = result.coverage[index]
            let spots = result.hotSpots[index]
            return [
                "chain": chain.id, "chain_zh": chain.name, "firms": coverage.firms,
                "links": coverage.links.map { ["code": $0.code.description, "firms": $0.firms] },
                "missing_links": coverage.missing.map(\.description),
                "leader_units": coverage.leaderUnits.map {
                    ["unit": result.layer.units[$0.unit].id, "chain_leaders": $0.leaders]
                },
                "hot_cells": spots.hotCells, "cold_cells": spots.coldCells,
                "ranked_units": result.ranked(chain: index).map {
                    [
                        "unit": result.layer.units[$0.unit].id, "rank": $0.rank!,
                        "lq": number($0.value(request.measure)),
                    ]
                },
            ]
        }
        let object: [String: Any] = [
            "provenance": try JSONSerialization.jsonObject(with: Data(provenance.json.utf8)),
            "plan": result.chains.plan,
            "measure": request.measure.rawValue,
            "min_firms": request.minimumFirms,
            "min_chain_firms": LocationQuotient.minimumChainFirms,
            "grid": [
                "crs": result.grid.crs, "cell_m": result.grid.size, "cells": result.grid.cells.count,
                "population": "every cell holding part of the city (its interior meets the districts' union)",
                "weights": weightsDescription(result), "alpha": request.alpha,
                "hotspot": "Gi* two-sided normal p, Benjamini-Hochberg q <= alpha over the cells",
                "lisa": "Local Moran quadrant where the folded pseudo p <= alpha, not corrected for multiple tests",
                "permutations": request.permutations, "seed": request.seed,
                "chain_firms_off_grid": result.offGrid,
            ],
            "chains": chains,
            // The unit table as the CSV holds it, a row per unit and chain, nulls where a quotient is undefined.
            "units": result.quotients.map { quotient in
                Dictionary(
                    uniqueKeysWithValues: zip(quotientFields, quotientValues(quotient, result)).map { field, value in
                        (field.name, jsonValue(value))
                    })
            },
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }
}
