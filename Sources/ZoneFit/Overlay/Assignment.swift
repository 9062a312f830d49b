import GeoKit

/// The six fields the overlay adds to every placed row (DESIGN.md's output contract).
struct Assignment: Sendable {
    let cell: ZoneCell
    let unit: ZoneUnit

    init(cell index: Int, in layer: ZoneLayer) {
        cell = layer.cells[index]
        unit = layer.units[cell.unitIndex]
    }

    static let layout = RowLayout<Assignment>(columns: [
        .text("adcode") { $0.cell.adcode },
        .text("district") { $0.cell.district },
        .text("unit") { $0.unit.id },
        .text("unit_name") { $0.unit.name },
        .text("zone") { $0.unit.zone.rawValue },
        .flag("is_core") { $0.unit.isCore },
    ])
}
