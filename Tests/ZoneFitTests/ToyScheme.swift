import Foundation

@testable import ZoneFit

/// A small scheme written to a temporary folder: districts A (510001) and B
/// (510002) side by side, and a functional area F straddling their border.
///
///     30.10 +----------+----------+
///           |    A     |    B     |
///     30.04 |     +----+----+     |
///           |     |    F    |     |
///     30.02 |     +----+----+     |
///     30.00 +----------+----------+
///        104.00  104.08  104.10  104.12  104.20
struct ToyScheme {
    let folder: URL
    var schemePath: String { folder.appendingPathComponent("zones.toml").path }

    init(extraDistrict: Bool = false, tomlOverride: String? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("zonefit-toy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var districts = [
            Self.feature(["adcode": "510001", "name": "甲区", "name_en": "A"], Self.box(104.0, 30.0, 104.1, 30.1)),
            Self.feature(["adcode": "510002", "name": "乙区", "name_en": "B"], Self.box(104.1, 30.0, 104.2, 30.1)),
        ]
        if extraDistrict {
            districts.append(
                Self.feature(["adcode": "510099", "name": "丙区", "name_en": "C"], Self.box(104.2, 30.0, 104.3, 30.1)))
        }
        try Self.collection(districts).write(
            to: folder.appendingPathComponent("districts.geojson"), atomically: true, encoding: .utf8)
        try Self.collection([
            Self.feature(["id": "f", "provenance": "illustrative"], Self.box(104.08, 30.02, 104.12, 30.04))
        ])
        .write(to: folder.appendingPathComponent("areas.geojson"), atomically: true, encoding: .utf8)
        let toml =
            tomlOverride ?? """
                id = "toy"
                name = "玩具"
                name_en = "Toy"
                districts_file = "districts.geojson"
                district_code_field = "adcode"
                district_name_field = "name"
                district_name_en_field = "name_en"
                functional_areas_file = "areas.geojson"
                functional_area_id_field = "id"
                area_crs = "EPSG:4544"

                [[zones]]
                id = "central"
                name = "中心城区"
                name_en = "Central city"
                [[zones]]
                id = "new_area"
                name = "城市新区"
                name_en = "New area"

                [[districts]]
                adcode = "510002"
                zone = "central"
                is_core = false
                unit = "B"
                [[districts]]
                adcode = "510001"
                zone = "central"
                is_core = true
                unit = "A"

                [[functional_areas]]
                id = "f"
                zone = "new_area"
                name = "新区"
                name_en = "F"
                """
        try toml.write(toFile: schemePath, atomically: true, encoding: .utf8)
    }

    func build() throws -> ZoneLayer { try ZoneLayerBuilder.build(ZoneScheme(contentsOf: schemePath)) }

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func box(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> String {
        "{\"type\":\"Polygon\",\"coordinates\":[[[\(x0),\(y0)],[\(x1),\(y0)],[\(x1),\(y1)],[\(x0),\(y1)],[\(x0),\(y0)]]]}"
    }

    static func feature(_ properties: [String: String], _ geometry: String) -> String {
        let props = properties.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
        return "{\"type\":\"Feature\",\"properties\":{\(props)},\"geometry\":\(geometry)}"
    }

    static func collection(_ features: [String]) -> String {
        "{\"type\":\"FeatureCollection\",\"features\":[\(features.joined(separator: ","))]}"
    }
}
