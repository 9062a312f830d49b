import Foundation
import GeoKit

/// Parks in new areas and suburban towns that could take a relocated firm,
/// ranked by a documented score:
///
///     score = 0.5 · industry match + 0.2 · spare land + 0.3 · nearness
///
/// Only parks that list the firm's category under `accepts` are candidates:
/// whether a park takes relocated markets or warehouses is the bureau's call,
/// not something an industry code can tell (a finance district leads in
/// "business services", division L72, yet takes no wholesale market).
///
/// - industry match: 1 when the firm's code lies within one of the park's
///   leading industries; 0.7 when they share a division; 0.5 when they share
///   a chain; 0.3 when the park accepts the category but leads in other industries;
/// - spare land: the park's spare land over the land the firm frees, capped
///   at 1 (0.5 when either is unknown);
/// - nearness: exp(−d / 30 km), d measured in the scheme's projected CRS.
struct ReceivingSites {
    struct Park: Sendable {
        let id: String
        let name: String
        let unit: String
        let leading: [IndustryCode]
        let chains: [String]
        let accepts: [String]
        let spareLandM2: Double?
        let x: Double, y: Double
        /// The park's ground in WGS84, as WKB: where a firm that moved here lies (`ParkFinder`).
        let area: [UInt8]
    }

    struct Candidate: Sendable {
        let park: Park
        let score: Double
        let km: Double
    }

    let parks: [Park]

    /// Reads a parks layer (its columns as `ParkColumns` finds them) and keeps the parks whose ground lies
    /// in `new_area` or `suburban` units. `categories`: the profile's, by id; `accepts` may name them by id
    /// or by their Chinese or English name, and a value that names none stops the run.
    init(
        _ reference: SourceReference, layer: ZoneLayer, classification: IndustryClassification,
        categories: [String: NoncoreProfile.Category], columnNames: ParkColumnNames = ParkColumnNames()
    ) throws {
        let path = reference.name
        let source: VectorSource
        do { source = try reference.open() } catch let error as GeoKitError {
            throw ZoneFitError(file: path, error.message)
        }
        let columns = try ParkColumns(fields: source.fields, file: path, names: columnNames)
        var categoryIDs: [String: String] = [:]
        for (id, category) in categories {
            for name in [id, category.name, category.nameEn] { categoryIDs[HeaderName(name).base] = id }
        }
        let locator = try Locator(layer)
        let wgs84 = try SpatialReference.wgs84()
        let project = try CoordinateTransform(from: wgs84, to: SpatialReference(layer.scheme.areaCRS))
        let toWGS84 = try source.spatialReference.flatMap {
            $0.isSame(as: wgs84) ? nil : try CoordinateTransform(from: $0, to: wgs84)
        }
        var parks: [Park] = []
        while let feature = try source.next() {
            guard case .wkb(let bytes) = feature.geometry else {
                throw ZoneFitError(file: path, "feature \(feature.number): a park needs a polygon")
            }
            var shape = try Geometry(wkb: bytes, in: locator.context)
            if let toWGS84 { shape = try toWGS84.transform(shape) }
            let inside = try shape.pointOnSurface()
            guard let cell = try locator.cell(x: inside.x, y: inside.y) else { continue }
            let unit = layer.units[layer.cells[cell].unitIndex]
            guard unit.zone != .central, let xy = project.transform(x: inside.x, y: inside.y) else { continue }
            func list(_ field: ParkColumns.Field) -> [String] {
                columns.index(field).map { Self.list(feature.values[$0]) } ?? []
            }
            let leading = try list(.leadingIndustries).map {
                try classification.parse($0, file: path, row: feature.number)
            }
            let id = columns.index(.id).flatMap { feature.values[$0].text } ?? String(feature.number)
            let accepts = try list(.accepts).map { value in
                guard let category = categoryIDs[HeaderName(value).base] else {
                    throw ZoneFitError(
                        file: path,
                        "feature \(feature.number) (park \(id)), field accepts: '\(value)' is not a category of the "
                            + "rule profile (expected \(categories.keys.sorted().joined(separator: ", ")), or their names)"
                    )
                }
                return category
            }
            parks.append(
                Park(
                    id: id, name: columns.index(.name).flatMap { feature.values[$0].text } ?? "",
                    unit: unit.id, leading: leading, chains: list(.chains), accepts: accepts,
                    spareLandM2: columns.index(.spareLand).flatMap { try? NumericCell.parse(feature.values[$0]) }.map {
                        $0 * columns.spareLandM2PerUnit
                    },
                    x: xy.x, y: xy.y, area: try shape.wkb()))
        }
        self.parks = parks
    }

    /// A list cell: GeoJSON arrays arrive from OGR as JSON text ("[ \"C38\", \"C39\" ]"), a StringList
    /// that ogr2ogr wrote into a text field as "(2:C38,C39)"; tables may use commas, semicolons or 、.
    static func list(_ value: FieldValue) -> [String] {
        guard var text = value.text?.trimmingCharacters(in: .whitespaces) else { return [] }
        if let data = text.data(using: .utf8), let array = try? JSONSerialization.jsonObject(with: data) as? [Any] {
            return array.map { "\($0)" }
        }
        if text.hasPrefix("("), text.hasSuffix(")"), let colon = text.firstIndex(of: ":"),
            text[text.index(after: text.startIndex)..<colon].allSatisfy(\.isASCII),
            Int(text[text.index(after: text.startIndex)..<colon]) != nil
        {
            text = String(text[text.index(after: colon)..<text.index(before: text.endIndex)])
        }
        return text.split(whereSeparator: { ",;、，；".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// `position`: the firm in the scheme's projected CRS (metres); nil when unknown.
    func rank(
        code: IndustryCode, chains: [String], category: String, freedLandM2: Double?,
        at position: (x: Double, y: Double)?, top: Int
    ) -> [Candidate] {
        let ranked = parks.compactMap { park -> Candidate? in
            guard park.accepts.contains(category) else { return nil }
            let match: Double
            if park.leading.contains(where: { code.isWithin($0) }) {
                match = 1
            } else if park.leading.contains(where: { $0.division != nil && $0.division == code.division }) {
                match = 0.7
            } else if !Set(park.chains).isDisjoint(with: chains) {
                match = 0.5
            } else {
                match = 0.3
            }
            let capacity = park.spareLandM2.flatMap { spare in freedLandM2.map { min(1, spare / max($0, 1)) } } ?? 0.5
            let km = position.map { hypot($0.x - park.x, $0.y - park.y) / 1000 } ?? .nan
            let nearness = km.isNaN ? 0.5 : exp(-km / 30)
            return Candidate(park: park, score: 0.5 * match + 0.2 * capacity + 0.3 * nearness, km: km)
        }
        return Array(ranked.sorted { $0.score != $1.score ? $0.score > $1.score : $0.park.id < $1.park.id }.prefix(top))
    }
}
