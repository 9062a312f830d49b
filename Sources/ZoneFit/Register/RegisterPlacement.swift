import Foundation
import GeoKit

/// The placement tiers after the coordinates, as a run uses them: the input's
/// address and USCC columns (where the tiers ask for them and the input has
/// them) and the scheme's names (`AddressPlacer`). A row without coordinates
/// is placed by its address, else by its USCC; a row with coordinates and an
/// address is checked against it (`Check`), so a user can see how far the
/// address tier is to be trusted on their own register.
struct RegisterPlacement: Sendable {
    /// What a placed row's address says of the district its coordinates lie in.
    enum Check: Sendable {
        case agrees, otherDistrict, unmatched
    }

    private let placer: AddressPlacer
    let addressColumn: Int?
    let usccColumn: Int?

    /// nil where the tiers use neither column or the input has neither.
    init?(tiers: PlacementTiers, fields: [FieldDefinition], names: FieldNames, layer: ZoneLayer) throws {
        let mapping = try FieldMapping(fields: fields, names: names)
        let address = tiers.address ? mapping.columns[.address]?.index : nil
        let uscc = tiers.uscc ? mapping.columns[.uscc]?.index : nil
        guard address != nil || uscc != nil else { return nil }
        placer = try AddressPlacer(layer)
        (addressColumn, usccColumn) = (address, uscc)
    }

    /// The place of a row without coordinates: its address, else its USCC; an address that names no place
    /// is a reject unless the USCC places the row.
    func place(_ values: [FieldValue]) -> Placement {
        var addressRejection: Placement?
        if let text = text(addressColumn, values) {
            switch placer.place(address: text) {
            case .placed(let place): return .described(place)
            case .rejected(let reason, let detail): addressRejection = .rejected(reason, detail)
            }
        }
        if let text = text(usccColumn, values) {
            switch placer.place(uscc: text) {
            case .placed(let place): return .described(place)
            case .rejected(let reason, let detail): if addressRejection == nil { return .rejected(reason, detail) }
            }
        }
        let tried = [addressColumn.map { _ in "an address" }, usccColumn.map { _ in "a USCC" }].compactMap { $0 }
        return addressRejection ?? .rejected(.noLocation, "no coordinates, nor " + tried.joined(separator: " or "))
    }

    /// What the address of a row placed in `cell` by its coordinates says (nil: the row has none).
    func check(_ values: [FieldValue], cell: ZoneCell) -> Check? {
        guard let text = text(addressColumn, values) else { return nil }
        guard case .placed(let place) = placer.place(address: text) else { return .unmatched }
        if let adcode = place.adcode { return adcode == cell.adcode ? .agrees : .otherDistrict }
        return place.candidates.contains(cell.unitIndex) ? .agrees : .otherDistrict
    }

    private func text(_ column: Int?, _ values: [FieldValue]) -> String? {
        guard let column, let text = values[column].text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return nil
        }
        return text
    }
}
