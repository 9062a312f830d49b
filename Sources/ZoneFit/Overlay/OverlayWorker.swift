import GeoKit

/// Places features in cells. One per worker thread, never shared: it owns a
/// locator (GEOS context, prepared cells) and a CRS normaliser.
final class OverlayWorker {
    private let locator: Locator
    private let normaliser: Normaliser
    let layer: ZoneLayer
    /// Per cell its unit, per unit its zone and core flag: read for every analysed row, so
    /// held by each worker as plain values rather than reached through the layer's units,
    /// whose shared buffers both cores would count references on.
    private let unitOfCell: [Int]
    private let zoneOfUnit: [ZoneClass]
    private let coreOfUnit: [Bool]
    private let coordinates: CoordinateSource
    private let snapMetres: Double?
    /// The address and USCC tiers, for rows without coordinates.
    private let register: RegisterPlacement?
    /// WGS84 → the scheme's projected CRS, made on first use (only analyses that measure distances need it).
    private var areaTransform: CoordinateTransform??
    /// What analyses keep on this worker across their slices (caches), by the analysis.
    private var analysisState: [ObjectIdentifier: AnyObject] = [:]

    init(
        layer: ZoneLayer, crs: SourceCRS, coordinates: CoordinateSource, snapMetres: Double?,
        register: RegisterPlacement? = nil
    ) throws {
        self.register = register
        self.locator = try Locator(layer)
        self.normaliser = try Normaliser(crs)
        self.layer = layer
        unitOfCell = layer.cells.map(\.unitIndex)
        zoneOfUnit = layer.units.map(\.zone)
        coreOfUnit = layer.units.map(\.isCore)
        self.coordinates = coordinates
        self.snapMetres = snapMetres
    }

    /// `foundCell`: the cell the database found for the feature (`InDatabaseOverlay`; `.some(nil)`
    /// outside every cell), else nil and the locator finds it.
    func place(_ feature: SourceFeature, foundCell: Int?? = nil) throws -> Placement {
        let placement = try placeByCoordinates(feature, foundCell: foundCell)
        guard let register, case .rejected(let reason, _) = placement,
            [.missingCoordinates, .noLocation, .noGeometry].contains(reason)
        else { return placement }
        return register.place(feature.values)
    }

    /// What the address of a row placed by its coordinates says of their district (nil: no address tier or none).
    func addressCheck(_ feature: SourceFeature, _ placement: Placement) -> RegisterPlacement.Check? {
        guard let register, case .point(let cell, _, _, _) = placement else { return nil }
        return register.check(feature.values, cell: layer.cells[cell])
    }

    private func placeByCoordinates(_ feature: SourceFeature, foundCell: Int??) throws -> Placement {
        switch coordinates {
        case .none: return .rejected(.noLocation, "no coordinates")
        case .columns(let xIndex, let yIndex):
            return try placeCells(x: feature.values[xIndex], y: feature.values[yIndex])
        case .pair(let index):
            guard let text = feature.values[index].text, !text.isEmpty else {
                return .rejected(.missingCoordinates, "empty coordinate cell")
            }
            let parts = text.split(whereSeparator: { ",，".contains($0) })
            guard parts.count == 2 else { return .rejected(.nonNumeric, "'\(text)' is not lon,lat") }
            return try placeCells(x: .string(String(parts[0])), y: .string(String(parts[1])))
        case .geometry:
            switch feature.geometry {
            case .none: return .rejected(.noGeometry, "the feature has no geometry")
            case .point(let x, let y):
                guard x.isFinite, y.isFinite else { return .rejected(.notFinite, "coordinates \(x), \(y)") }
                return try placePoint(x: x, y: y, foundCell: foundCell)
            case .wkb(let bytes): return try placeShape(bytes)
            }
        }
    }

    /// A point given as two table cells, as text or numbers.
    func placeCells(x xCell: FieldValue, y yCell: FieldValue) throws -> Placement {
        let x: Double
        let y: Double
        do {
            x = try NumericCell.parse(xCell)
            y = try NumericCell.parse(yCell)
        } catch {
            switch error {
            case .missing: return .rejected(.missingCoordinates, "empty coordinate cell")
            case .nonNumeric(let text): return .rejected(.nonNumeric, "'\(text)' is not a number")
            case .notFinite(let text): return .rejected(.notFinite, "'\(text)' is not a finite number")
            }
        }
        return try placePoint(x: x, y: y)
    }

    /// A WGS84 point in the scheme's projected CRS; nil where PROJ cannot transform it.
    func projectToAreaCRS(x: Double, y: Double) -> (x: Double, y: Double)? {
        if areaTransform == nil {
            areaTransform = try? CoordinateTransform(
                from: SpatialReference.wgs84(), to: SpatialReference(layer.scheme.areaCRS))
        }
        return areaTransform??.transform(x: x, y: y)
    }

    /// `owner`'s state on this worker, made on first use. A worker serves one thread at a
    /// time, so what an analysis keeps here needs no lock and is never shared between cores.
    func state<State: AnyObject>(for owner: AnyObject, _ make: () -> State) -> State {
        let key = ObjectIdentifier(owner)
        if let known = analysisState[key] { return unsafeDowncast(known, to: State.self) }
        let made = make()
        analysisState[key] = made
        return made
    }

    /// The unit of a cell, its zone and core flag (see `PlacedRow`).
    func unitFacts(ofCell cell: Int) -> (unit: Int, zone: ZoneClass, isCore: Bool) {
        let unit = unitOfCell[cell]
        return (unit, zoneOfUnit[unit], coreOfUnit[unit])
    }

    /// The number of cells, for per-cell counts.
    var cellCount: Int { layer.cells.count }

    /// A point given as two numbers in the source CRS; `foundCell` as in `place`.
    func placePoint(x: Double, y: Double, foundCell: Int?? = nil) throws -> Placement {
        if normaliser.isGeographic {
            if abs(y) > 90 && abs(x) <= 90 && abs(y) <= 180 {
                return .rejected(.swapped, "latitude \(y) is beyond ±90 but would be a longitude: (lat, lon) order?")
            }
            guard abs(x) <= 180 && abs(y) <= 90 else {
                return .rejected(.outOfRange, "(\(x), \(y)) is not a longitude/latitude pair; is the source CRS right?")
            }
        }
        guard let wgs = normaliser.toWGS84(x: x, y: y) else {
            return .rejected(.transformFailed, "PROJ cannot transform (\(x), \(y)) to WGS84")
        }
        guard abs(wgs.x) <= 180 && abs(wgs.y) <= 90 else {
            return .rejected(
                .outOfRange,
                "(\(x), \(y)) transforms to (\(wgs.x), \(wgs.y)), outside the globe; is the source CRS right?")
        }
        if let cell = try foundCell ?? locator.cell(x: wgs.x, y: wgs.y) {
            return .point(cell: cell, lon: wgs.x, lat: wgs.y, snappedMetres: nil)
        }
        if let snapMetres, let near = try locator.nearestCell(x: wgs.x, y: wgs.y, within: snapMetres) {
            return .point(cell: near.cell, lon: wgs.x, lat: wgs.y, snappedMetres: near.metres)
        }
        if normaliser.isGeographic && layer.cityEnvelope.contains(x: y, y: x) {
            return .rejected(.swapped, "(\(x), \(y)) is outside the city but (\(y), \(x)) is inside: (lat, lon) order?")
        }
        return .rejected(.outside, "(\(wgs.x), \(wgs.y)) lies outside every unit")
    }

    private func placeShape(_ bytes: [UInt8]) throws -> Placement {
        let shape = try Geometry(wkb: bytes, in: locator.context)
        switch shape.kind {
        case .multiPoint where shape.partCount == 1:
            let point = try shape.part(0).envelope()
            return try placePoint(x: point.minX, y: point.minY)
        case .polygon, .multiPolygon: break
        default: return .rejected(.unsupportedGeometry, "a \(shape.kind.name) is neither a point nor a polygon")
        }
        var wgs = try normaliser.toWGS84(shape)
        // A bow-tie and its kin are repaired, placed and written repaired: GIS tools refuse invalid rings.
        var repaired: String?
        if !(try wgs.isValid()) {
            repaired = try wgs.invalidityReason()
            wgs = try wgs.madeValid().polygonalParts()
        }
        let wkb = try wgs.wkb()
        let found = try locator.apportion(wgs)
        var byUnit: [Int: (cell: Int, cellArea: Double, unitArea: Double)] = [:]
        for share in found.shares {
            let unit = layer.cells[share.cell].unitIndex
            var entry = byUnit[unit] ?? (share.cell, 0, 0)
            entry.unitArea += share.areaM2
            if share.areaM2 > entry.cellArea { (entry.cell, entry.cellArea) = (share.cell, share.areaM2) }
            byUnit[unit] = entry
        }
        // Majority unit; ties go to the unit first in boundary-rule order.
        guard
            let best = byUnit.min(by: { a, b in
                a.value.unitArea != b.value.unitArea ? a.value.unitArea > b.value.unitArea : a.value.cell < b.value.cell
            })
        else {
            return .rejected(.outside, "the polygon overlaps no unit")
        }
        let rows = byUnit.map { (unit: $0.key, cell: $0.value.cell, areaM2: $0.value.unitArea) }
            .sorted { $0.cell < $1.cell }
        return .polygon(
            unit: best.key, cell: best.value.cell, wkb: wkb, areaM2: found.totalM2,
            share: found.totalM2 > 0 ? best.value.unitArea / found.totalM2 : 0, byUnit: rows, repaired: repaired)
    }
}
