import Testing

/// The known answers for the firms in Fixtures/firms-*.{csv,xlsx,geojson,gpkg,fgb,shp}
/// (see Fixtures/make_fixtures.sh). Each point is a real Chengdu place and lies
/// at least ~500 m from any unit boundary (checked against
/// GeoData/chengdu/districts.geojson and the units `zonefit zones` builds).
struct ExpectedFirm: Sendable, CustomTestStringConvertible {
    var id: Int
    var name: String
    var lon: Double
    var lat: Double
    var adcode: String
    var unit: String
    var zone: String
    var isCore: Bool

    var testDescription: String { "\(id) \(name)" }
}

enum Expected {
    static let firms: [ExpectedFirm] = [
        ExpectedFirm(
            id: 101, name: "春熙路商贸", lon: 104.0806, lat: 30.6574, adcode: "510104", unit: "510104", zone: "central",
            isCore: true),
        ExpectedFirm(
            id: 102, name: "成都东站物流", lon: 104.1413, lat: 30.6296, adcode: "510108", unit: "510108", zone: "central",
            isCore: true),
        ExpectedFirm(
            id: 103, name: "荷花池批发市场", lon: 104.0733, lat: 30.6934, adcode: "510106", unit: "510106", zone: "central",
            isCore: true),
        // 天府软件园: in 武侯's ground, carved out for 高新区
        ExpectedFirm(
            id: 104, name: "天府软件园", lon: 104.0689, lat: 30.5503, adcode: "510107", unit: "gaoxin", zone: "new_area",
            isCore: false),
        // 兴隆湖: 天府新区直管区, in 双流's ground
        ExpectedFirm(
            id: 105, name: "兴隆湖实验室", lon: 104.087, lat: 30.405, adcode: "510116", unit: "tianfu", zone: "new_area",
            isCore: false),
        // 简阳 city centre: ~2.4 km outside 东部新区
        ExpectedFirm(
            id: 106, name: "简阳机械厂", lon: 104.547, lat: 30.410, adcode: "510185", unit: "510185", zone: "suburban",
            isCore: false),
        ExpectedFirm(
            id: 107, name: "都江堰食品厂", lon: 103.620, lat: 31.000, adcode: "510181", unit: "510181", zone: "suburban",
            isCore: false),
        ExpectedFirm(
            id: 108, name: "宽窄巷子文创", lon: 104.0557, lat: 30.6698, adcode: "510105", unit: "510105", zone: "central",
            isCore: true),
        ExpectedFirm(
            id: 109, name: "武侯祠文旅", lon: 104.0478, lat: 30.6459, adcode: "510107", unit: "510107", zone: "central",
            isCore: true),
        ExpectedFirm(
            id: 110, name: "龙泉驿汽车厂", lon: 104.2690, lat: 30.5600, adcode: "510112", unit: "510112", zone: "central",
            isCore: false),
        // 天府国际机场: 东部新区, in 简阳's ground; the name holds a comma (CSV quoting)
        ExpectedFirm(
            id: 111, name: "天府国际机场物流, 东区", lon: 104.445, lat: 30.312, adcode: "510185", unit: "dongbu",
            zone: "new_area", isCore: false),
    ]

    static let byID: [Int: ExpectedFirm] = Dictionary(uniqueKeysWithValues: firms.map { ($0.id, $0) })

    /// The fields zonefit adds to every row.
    static let addedFields = ["adcode", "district", "unit", "unit_name", "zone", "is_core"]

    static let coreAdcodes: Set<String> = ["510104", "510105", "510106", "510107", "510108"]
}
