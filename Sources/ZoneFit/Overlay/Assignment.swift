import GeoKit

/// The six fields the overlay adds to every placed row (DESIGN.md's output contract).
/// A row placed without coordinates (`DescribedPlace`) has only what its register entry
/// tells: the district where it names one, the unit where it is certain, the zone and core
/// flag where every candidate unit agrees; the rest is null.
struct Assignment: Sendable {
    let adcode: String?
    let district: String?
    let unit: ZoneUnit?
    let zone: ZoneClass?
    let isCore: Bool?

    init(cell index: Int, in layer: ZoneLayer) {
        let cell = layer.cells[index]
        let unit = layer.units[cell.unitIndex]
        (adcode, district, self.unit, zone, isCore) = (cell.adcode, cell.district, unit, unit.zone, unit.isCore)
    }

    init(_ place: DescribedPlace, in layer: ZoneLayer) {
        adcode = place.adcode
        district = place.adcode.flatMap { adcode in layer.cells.first { $0.adcode == adcode }?.district }
        let units = place.candidates.map { layer.units[$0] }
        unit = place.isCertain ? units[0] : nil
        zone = Set(units.map(\.zone)).count == 1 ? units.first?.zone : nil
        isCore = Set(units.map(\.isCore)).count == 1 ? units.first?.isCore : nil
    }

    static let layout = RowLayout<Assignment>(columns: [
        .text("adcode") { $0.adcode },
        .text("district") { $0.district },
        .text("unit") { $0.unit?.id },
        .text("unit_name") { $0.unit?.name },
        .text("zone") { $0.zone?.rawValue },
        .flag("is_core") { $0.isCore },
    ])
}
