import GeoKit

/// The fields of a parks layer that relocate reads, found by their headers as
/// the register's are (`HeaderName`), in English or as a bureau names them:
/// `id` (编号), `name` (园区名称), `leading_industries` (主导产业), `chains`
/// (产业链), `accepts` (准入类别) and `spare_land_ha` (可用地, in the header's
/// unit: 公顷 unless it says 亩 or 平方米). The id and accepts are required:
/// without the categories a park takes, no park could receive a firm. A
/// `ParkColumnNames` (`--parks-columns`) names a bureau's own headers first.
struct ParkColumns {
    enum Field: String, CaseIterable {
        case id, name
        case leadingIndustries = "leading_industries"
        case chains, accepts
        case spareLand = "spare_land_ha"

        var headers: [String] {
            switch self {
            case .id: ["id", "编号", "园区编号", "park_id", "code"]
            case .name: ["name", "园区名称", "名称", "park_name"]
            case .leadingIndustries: ["leading_industries", "主导产业", "主导产业代码", "主导行业"]
            case .chains: ["chains", "产业链", "重点产业链"]
            case .accepts: ["accepts", "准入类别", "承接类别", "可承接类别"]
            case .spareLand: ["spare_land_ha", "spare_land", "可用地", "可供用地", "可用地面积", "剩余用地"]
            }
        }
    }

    private(set) var indexes: [Field: Int] = [:]
    /// Square metres per unit of the spare-land column.
    private(set) var spareLandM2PerUnit = 10_000.0

    /// Throws without an id column, or for a spare-land unit it does not convert.
    init(fields: [FieldDefinition], file: String, names: ParkColumnNames = ParkColumnNames()) throws {
        let headers = fields.map { HeaderName($0.name) }
        for field in Field.allCases {
            indexes[field] = HeaderName.column(
                named: names.headers(field) + field.headers, in: headers, taken: Set(indexes.values))
        }
        guard indexes[.id] != nil else {
            throw ZoneFitError(
                file: file,
                "the parks have no id column (expected one of \(Field.id.headers.joined(separator: ", ")); columns: "
                    + fields.map(\.name).joined(separator: ", ") + ")")
        }
        guard indexes[.accepts] != nil else {
            throw ZoneFitError(
                file: file,
                "the parks have no accepts column (\(Field.accepts.headers.joined(separator: ", ")): the non-core "
                    + "categories each park takes, e.g. general_manufacturing); without it no park receives a firm")
        }
        if let index = indexes[.spareLand], let unit = headers[index].unit {
            guard let factor = FieldUnit.squareMetre.factor(from: unit) else {
                throw ZoneFitError(
                    file: file, "column '\(fields[index].name)': unit '\(unit)' is not one of 公顷, 亩, 平方米")
            }
            spareLandM2PerUnit = factor
        }
    }

    func index(_ field: Field) -> Int? { indexes[field] }
}
