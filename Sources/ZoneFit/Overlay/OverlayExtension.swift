import GeoKit

/// What a command built on the overlay adds to each placed row: relocate's
/// flags and reasons, say. The overlay places; the extension judges.
public protocol OverlayExtension: AnyObject {
    /// The command name and the rule profile written into provenance.
    var command: String { get }
    var profile: (id: String, path: String)? { get }

    /// Called once, before any row, with the input's fields; returns the fields it adds.
    func prepare(inputFields: [FieldDefinition], layer: ZoneLayer) throws -> [FieldDefinition]

    /// The added values of one placed row, called in input order on one thread.
    /// nil leaves the row out of the output (counted as filtered, not lost).
    func values(for feature: SourceFeature, cell: ZoneCell, unit: ZoneUnit, lon: Double?, lat: Double?) throws -> [FieldValue]?
}
