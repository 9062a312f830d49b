/// A parks layer's own headers for the fields relocate reads (`--parks-columns`):
/// a TOML file with a `[fields]` table in the register's form (`accepts =
/// ["承接产业类别"]`), keyed by `id`, `name`, `leading_industries`, `chains`,
/// `accepts` and `spare_land_ha`, each list tried before zonefit's own names.
public struct ParkColumnNames: Sendable {
    private var lists: [String: [String]] = [:]

    public init() {}

    public init(contentsOf path: String) throws {
        struct File: Decodable { var fields: [String: [String]] }
        let file = try TOMLFile.decode(File.self, from: path, what: "the parks' column names")
        let known = ParkColumns.Field.allCases.map(\.rawValue)
        for key in file.fields.keys where !known.contains(key) {
            throw ZoneFitError(
                file: path, "[fields] \(key): not a parks field (expected one of \(known.joined(separator: ", ")))")
        }
        lists = file.fields
    }

    func headers(_ field: ParkColumns.Field) -> [String] { lists[field.rawValue] ?? [] }
}
