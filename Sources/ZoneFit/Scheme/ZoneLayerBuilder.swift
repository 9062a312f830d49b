import GeoKit

/// Builds the statistical units of a scheme by overlay: each functional area
/// is clipped to the city and to the areas before it; each district keeps
/// what no functional area takes.
public enum ZoneLayerBuilder {
    public static func build(_ scheme: ZoneScheme) throws -> ZoneLayer {
        let context = try GEOSContext()
        var repaired: [String] = []
        let districtPolygons = try PolygonLayerReader.read(
            SourceReference(scheme.districtsPath), keyField: scheme.districtCodeField, context: context,
            repaired: &repaired)
        let areaPolygons =
            try scheme.functionalAreasPath.map {
                try PolygonLayerReader.read(
                    SourceReference($0), keyField: scheme.functionalAreaIdField, context: context, repaired: &repaired)
            } ?? []
        let districts: [(ZoneScheme.District, SchemePolygon)] = try match(scheme: scheme, districtPolygons)
        let areas: [(ZoneScheme.FunctionalArea, SchemePolygon)] = try match(scheme: scheme, areaPolygons)
        let project = try AreaProjection(scheme.areaCRS)

        let city = try Geometry.collection(districts.map(\.1.geometry), in: context).unaryUnion()
        // The outline is only measured against (`ZoneTiling`), but read here so that a broken
        // one fails the build and its repairs are reported with the others.
        if let path = scheme.cityPath {
            _ = try PolygonLayerReader.read(SourceReference(path), keyField: nil, context: context, repaired: &repaired)
        }
        var slivers: [String] = []
        var taken: Geometry? = nil
        var clippedM2: [String: Double] = [:]
        var functionalOverlapM2: [String: Double] = [:]
        var units: [ZoneUnit] = []
        var cells: [ZoneCell] = []

        for (entry, polygon) in areas {
            let inCity = try polygon.geometry.intersection(with: city).polygonalParts()
            clippedM2[entry.id] = try project.areaM2(polygon.geometry) - project.areaM2(inCity)
            var ground = inCity
            if let taken {
                ground = try inCity.difference(taken).polygonalParts()
                functionalOverlapM2[entry.id] = try project.areaM2(inCity) - project.areaM2(ground)
            }
            guard !ground.isEmpty else {
                throw ZoneFitError(file: scheme.path, "functional area '\(entry.id)' has no ground inside the city")
            }
            taken = try taken.map { try $0.union(with: ground) } ?? ground
            let unitIndex = units.count
            var adcodes: [String] = []
            for (district, districtPolygon) in districts {
                let piece = try ground.intersection(with: districtPolygon.geometry).polygonalParts()
                guard !piece.isEmpty, try piece.area() > 0 else { continue }
                // Outlines drawn along a district boundary leave floating-point slivers. They stay
                // cells, so cells and unit ground agree to the last point, but they do not count
                // as a district the unit lies in.
                if try project.areaM2(piece) >= 1 {
                    adcodes.append(district.adcode)
                } else {
                    slivers.append("\(entry.id) in \(district.adcode)")
                }
                let names = scheme.names(of: districtPolygon, adcode: district.adcode)
                cells.append(
                    ZoneCell(
                        unitIndex: unitIndex, adcode: district.adcode, district: names.zh, districtEn: names.en,
                        wkb: try piece.wkb()))
            }
            units.append(
                ZoneUnit(
                    id: entry.id, name: entry.name, nameEn: entry.nameEn, zone: entry.zone, isCore: false,
                    adcodes: adcodes, areaKm2: try project.areaM2(ground) / 1e6,
                    provenance: polygon.values["provenance"]?.text, wkb: try ground.wkb()))
        }

        for (district, polygon) in districts {
            let remainder = try taken.map { try polygon.geometry.difference($0).polygonalParts() } ?? polygon.geometry
            guard !remainder.isEmpty else { continue }
            let (name, nameEn) = scheme.names(of: polygon, adcode: district.adcode)
            cells.append(
                ZoneCell(
                    unitIndex: units.count, adcode: district.adcode, district: name, districtEn: nameEn,
                    wkb: try remainder.wkb()))
            units.append(
                ZoneUnit(
                    id: district.unit, name: name, nameEn: nameEn, zone: district.zone, isCore: district.isCore,
                    adcodes: [district.adcode], areaKm2: try project.areaM2(remainder) / 1e6,
                    provenance: polygon.values["provenance"]?.text, wkb: try remainder.wkb()))
        }

        let checks = ZoneChecks(
            slivers: slivers, clippedM2: clippedM2, repaired: repaired, functionalOverlapM2: functionalOverlapM2)
        return ZoneLayer(scheme: scheme, units: units, cells: cells, cityEnvelope: try city.envelope(), checks: checks)
    }

    /// Pairs scheme entries with layer features, refusing codes either side lacks.
    private static func match<Entry: SchemeEntry>(
        scheme: ZoneScheme, _ polygons: [SchemePolygon]
    ) throws -> [(Entry, SchemePolygon)] {
        let entries: [Entry] = Entry.entries(of: scheme)
        var byKey: [String: SchemePolygon] = [:]
        for polygon in polygons {
            if byKey[polygon.key] != nil {
                throw ZoneFitError(file: Entry.layerPath(of: scheme), "\(Entry.kind) '\(polygon.key)' appears twice")
            }
            guard entries.contains(where: { $0.key == polygon.key }) else {
                throw ZoneFitError(
                    file: Entry.layerPath(of: scheme),
                    "\(Entry.kind) '\(polygon.key)' is not in the scheme \(fileName(scheme.path))")
            }
            byKey[polygon.key] = polygon
        }
        return try entries.map { entry in
            guard let polygon = byKey[entry.key] else {
                throw ZoneFitError(
                    file: scheme.path,
                    "\(Entry.kind) '\(entry.key)' has no feature in \(fileName(Entry.layerPath(of: scheme)))")
            }
            return (entry, polygon)
        }
    }
}

extension ZoneScheme {
    /// A district's Chinese and English names from its layer feature (the adcode when absent).
    func names(of polygon: SchemePolygon, adcode: String) -> (zh: String, en: String) {
        let zh = polygon.values[districtNameField]?.text ?? adcode
        return (zh, districtNameEnField.flatMap { polygon.values[$0]?.text } ?? zh)
    }
}

/// Scheme entries that pair with a layer's features by key.
protocol SchemeEntry {
    var key: String { get }
    static var kind: String { get }
    static func entries(of scheme: ZoneScheme) -> [Self]
    static func layerPath(of scheme: ZoneScheme) -> String
}

extension ZoneScheme.District: SchemeEntry {
    var key: String { adcode }
    static var kind: String { "district" }
    static func entries(of scheme: ZoneScheme) -> [Self] { scheme.districts }
    static func layerPath(of scheme: ZoneScheme) -> String { scheme.districtsPath }
}

extension ZoneScheme.FunctionalArea: SchemeEntry {
    var key: String { id }
    static var kind: String { "functional area" }
    static func entries(of scheme: ZoneScheme) -> [Self] { scheme.functionalAreas }
    static func layerPath(of scheme: ZoneScheme) -> String { scheme.functionalAreasPath ?? scheme.path }
}
