import Foundation
import GeoKit
import Testing

@testable import ZoneFit

/// Which column holds each register field, as registers write their headers:
/// full-width punctuation, units in the header, Chinese and English names.
@Suite("field mapping")
struct FieldMappingTests {
    static func mapping(_ headers: [String], names: FieldNames = .builtIn) throws -> FieldMapping {
        try FieldMapping(fields: headers.map { FieldDefinition($0, .string) }, names: names)
    }

    static func column(_ mapping: FieldMapping, _ field: FirmField) -> (index: Int, factor: Double)? {
        mapping.columns[field].map { ($0.index, $0.factor) }
    }

    @Test("full-width and half-width headers name the same field, in the unit the header gives")
    func headerVariants() throws {
        let cases: [(header: String, field: FirmField, factor: Double)] = [
            ("用地面积（平方米）", .land, 1), ("用地面积(平方米)", .land, 1), ("用地面积【㎡】", .land, 1),
            ("占地面积", .land, 1), ("用地面积(亩)", .land, 10_000.0 / 15), ("用地面积（公顷）", .land, 10_000),
            ("营业收入（万元）", .revenue, 1), ("营业收入(元)", .revenue, 1e-4), ("营业收入（亿元）", .revenue, 1e4),
            ("主营业务收入", .revenue, 1), ("ＲＥＶＥＮＵＥ", .revenue, 1), (" Employees ", .employees, 1),
            ("从业人员期末人数(人)", .employees, 1), ("综合能耗（万吨标准煤）", .energy, 1e4), ("用水量(万立方米)", .water, 1e4),
            ("行业代码（GB/T4754）", .industryCode, 1), ("统一社会信用代码", .uscc, 1), ("单位详细名称", .name, 1),
        ]
        for (header, field, factor) in cases {
            let found = try #require(Self.column(try Self.mapping(["id", header]), field), "\(header)")
            #expect(found.index == 1, "\(header)")
            #expect(abs(found.factor - factor) <= 1e-12 * factor, "\(header): × \(found.factor)")
        }
    }

    @Test("each mapped field gets a line, the fields without a column one more, look-alikes a warning")
    func linesAndWarnings() throws {
        let mapping = try Self.mapping(["企业名称", "用地面积（亩）", "占地面积", "营业收入（元）", "行业代码"])
        #expect(mapping.lines.contains("field land ← 用地面积（亩） (× 666.7 → m²)"), "\(mapping.lines)")
        #expect(mapping.lines.contains("field revenue ← 营业收入（元） (× 0.0001 → 万元)"), "\(mapping.lines)")
        #expect(mapping.lines.contains("field name ← 企业名称"), "\(mapping.lines)")
        let missing = try #require(mapping.lines.last)
        #expect(missing.hasPrefix("fields without a column (no data): uscc, value_added, tax"), "\(missing)")
        // 用地面积 comes before 占地面积 in the table: it wins, and the other is named.
        #expect(Self.column(mapping, .land)?.index == 1)
        #expect(
            mapping.warnings == [
                "warning: column '占地面积' looks like land but is not used (land ← 用地面积（亩）)"
            ], "\(mapping.warnings)")
    }

    @Test("the profile's lists are tried before the built-in table, --map before both")
    func overrideOrder() throws {
        let headers = ["用地面积", "地块面积（亩）", "宗地面积"]
        #expect(Self.column(try Self.mapping(headers), .land)?.index == 0)
        let profile = try FieldNames.builtIn.overridden(by: ["land": ["地块面积"]], origin: "profile.toml")
        #expect(Self.column(try Self.mapping(headers, names: profile), .land)?.index == 1)
        let mapped = try profile.mapping("land", to: "宗地面积")
        #expect(Self.column(try Self.mapping(headers, names: mapped), .land)?.index == 2)
        #expect(throws: ZoneFitError.self) { try FieldNames.builtIn.overridden(by: ["lnad": ["x"]], origin: "p") }
    }

    @Test("a --map column the input lacks and a unit zonefit does not convert are errors that say so")
    func errors() throws {
        let mapped = try FieldNames.builtIn.mapping("land", to: "宗地面积")
        let missing = #expect(throws: ZoneFitError.self) { try Self.mapping(["用地面积"], names: mapped) }
        #expect(missing?.message.contains("no column '宗地面积', named to hold land (columns: 用地面积)") == true)
        #expect(missing?.setting == .fieldMap)
        let unit = #expect(throws: ZoneFitError.self) { try Self.mapping(["营业收入（美元）"]) }
        #expect(
            unit?.message.contains("unit '美元' is not one zonefit converts to 万元") == true, "\(String(describing: unit))"
        )
        // A text field's parentheses are no unit: the code column is found whatever they hold.
        #expect(Self.column(try Self.mapping(["行业代码（2017版）"]), .industryCode)?.index == 0)
    }

    @Test("the header below title rows: the first row of names that fills the table's width")
    func headerRow() {
        #expect(HeaderRow.looksLikeTitle(["成都市企业名录", "Field2", "Field3"]))
        #expect(HeaderRow.looksLikeTitle(["Field1", "Field2"]) && HeaderRow.looksLikeTitle(["名录", "", ""]))
        #expect(!HeaderRow.looksLikeTitle(["id", "name", "Field3"]) && !HeaderRow.looksLikeTitle(["名录"]))
        #expect(!HeaderRow.looksLikeTitle(["field", "fields_2"]))
        let sheet: [[String?]] = [
            ["成都市市场主体名录", nil, nil, nil], ["单位：人", "", nil, nil], ["编号", "名称", "经度", "纬度"],
            ["1", "甲", "104.1", "30.6"],
        ]
        #expect(HeaderRow.find(in: sheet) == 3)
        // Numbers are data, not names; a row of two names in a table five wide is a subtitle.
        #expect(HeaderRow.find(in: [["说明", "见附表"], ["1", "2", "3", "4", "5"], ["a", "b", "c", "d", "e"]]) == 3)
        #expect(HeaderRow.find(in: [["1", "2"], ["3", "4"]]) == nil)
        #expect(HeaderRow.names(["编号", nil, " 名称 ", ""]) == ["编号", "field_2", "名称", "field_4"])
    }

    @Test("coordinate columns: folded names, and web-map names that say their datum")
    func coordinateColumns() throws {
        func find(_ headers: [String]) throws -> CoordinateColumns.Found {
            try CoordinateColumns.find(
                in: headers.map { FieldDefinition($0, .string) }, x: nil, y: nil, file: "register.csv")
        }
        let degrees = try find(["名称", "经度（°）", "纬度(°)"])
        #expect((degrees.x, degrees.y, degrees.datum) == (1, 2, nil))
        let baidu = try find(["名称", "百度经度", "百度纬度"])
        #expect((baidu.x, baidu.y, baidu.datum) == (1, 2, .bd09))
        let amap = try find(["lng_gcj02", "lat_gcj02"])
        #expect((amap.x, amap.y, amap.datum) == (0, 1, .gcj02))
        // Plain columns win over web-map ones.
        let both = try find(["bd_lng", "bd_lat", "lon", "lat"])
        #expect((both.x, both.y, both.datum) == (2, 3, nil))
        let none = #expect(throws: ZoneFitError.self) { try find(["名称", "住所"]) }
        #expect(none?.message.contains("(columns: 名称, 住所)") == true)
    }
}
