import GeoKit

/// What the overlay adds after the analyses' fields, for the runs that ask:
/// `snapped`/`snap_m` with `--snap`, `area_m2`/`unit_share` for polygons, and
/// WGS84 `lon_wgs84`/`lat_wgs84` in tables read in another CRS, and where rows
/// may be placed by their register entry, how each was placed (`placed_by`,
/// `unit_certain`, `unit_candidates`). Each field is named here once; a value a
/// row does not have (a point's area) is nil, and null.
struct PlacementFields: Sendable {
    var snappedMetres: Double?
    var snapped = false
    var areaM2: Double?
    var share: Double?
    var lon: Double?
    var lat: Double?
    var placedBy = DescribedPlace.Tier.coordinates
    var unitCertain = true
    /// The candidate units' ids, where the unit is uncertain.
    var candidates: String?

    static func point(lon: Double, lat: Double, snappedMetres: Double?) -> PlacementFields {
        PlacementFields(snappedMetres: snappedMetres, snapped: snappedMetres != nil, lon: lon, lat: lat)
    }

    static func polygon(areaM2: Double, share: Double) -> PlacementFields {
        PlacementFields(areaM2: areaM2, share: share)
    }

    static func described(_ place: DescribedPlace, in layer: ZoneLayer) -> PlacementFields {
        PlacementFields(
            placedBy: place.tier, unitCertain: place.isCertain,
            candidates: place.isCertain ? nil : place.candidates.map { layer.units[$0].id }.joined(separator: ","))
    }

    /// The layout of the fields a run writes; `describing`: rows may be placed by their register entry.
    static func layout(snapping: Bool, polygons: Bool, lonLat: Bool, describing: Bool) -> RowLayout<PlacementFields> {
        var columns: [RowLayout<PlacementFields>.Column] = []
        if snapping { columns += [.flag("snapped") { $0.snapped }, .real("snap_m") { $0.snappedMetres }] }
        if polygons { columns += [.real("area_m2") { $0.areaM2 }, .real("unit_share") { $0.share }] }
        if lonLat { columns += [.real("lon_wgs84") { $0.lon }, .real("lat_wgs84") { $0.lat }] }
        if describing {
            columns += [
                .text("placed_by") { $0.placedBy.rawValue }, .flag("unit_certain") { $0.unitCertain },
                .text("unit_candidates") { $0.candidates },
            ]
        }
        return RowLayout(columns: columns)
    }
}
