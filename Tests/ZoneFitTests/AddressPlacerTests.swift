import Foundation
import GeoKit
import Testing

@testable import ZoneFit

/// Firms placed by their register entry on the shipped Chengdu scheme: the
/// district or area an address names, and a USCC's registering authority.
@Suite("placing by address and USCC")
struct AddressPlacerTests {
    static let layer: Result<ZoneLayer, Error> = Result {
        try ZoneLayerBuilder.build(ZoneScheme(contentsOf: RepositoryFiles.scheme))
    }

    let layer: ZoneLayer
    let placer: AddressPlacer

    init() throws {
        layer = try Self.layer.get()
        placer = try AddressPlacer(layer)
    }

    func units(_ ids: [String]) -> [Int] {
        ids.compactMap { id in layer.units.firstIndex { $0.id == id } }.sorted()
    }

    /// The units whose ground lies in a district, as the built layer has them.
    func unitsOf(_ adcode: String) -> [Int] {
        Array(Set(layer.cells.filter { $0.adcode == adcode }.map(\.unitIndex))).sorted()
    }

    func placed(_ outcome: AddressPlacer.Outcome) -> DescribedPlace? {
        if case .placed(let place) = outcome { return place }
        return nil
    }

    func rejected(_ outcome: AddressPlacer.Outcome) -> RejectReason? {
        if case .rejected(let reason, _) = outcome { return reason }
        return nil
    }

    @Test("a district named in an address is the district, its unit certain only where no area lies on its ground")
    func districts() throws {
        let jinjiang = try #require(placed(placer.place(address: "四川省成都市锦江区春熙路1号")))
        #expect(jinjiang.adcode == "510104" && jinjiang.candidates == units(["510104"]) && jinjiang.isCertain)
        #expect(jinjiang.cell.map { layer.cells[$0].adcode } == "510104")
        // 武侯区's ground is partly 高新区: the district is known, the unit is not.
        let wuhou = try #require(placed(placer.place(address: "成都市 武侯区 人民南路四段")))
        #expect(wuhou.adcode == "510107" && wuhou.candidates == unitsOf("510107") && wuhou.candidates.count > 1)
        #expect(wuhou.cell == nil && !wuhou.isCertain)
        // Whole names only: 双流路 in 武侯区 does not name 双流区.
        #expect(placed(placer.place(address: "成都市武侯区双流路8号"))?.adcode == "510107")
        // Full-width forms and a county-level city's name.
        #expect(placed(placer.place(address: "成都市都江堰市　幸福大道（东段）"))?.adcode == "510181")
    }

    @Test("a functional area named in an address is its unit, with the district where one is named or it lies in one")
    func functionalAreas() throws {
        let gaoxin = units(["gaoxin"])
        let alone = try #require(placed(placer.place(address: "成都高新区天府大道中段1268号")))
        #expect(alone.candidates == gaoxin && alone.isCertain && alone.cell != nil)
        // 高新区 spans districts: named alone, no district is known.
        #expect(alone.adcode == nil)
        let withDistrict = try #require(placed(placer.place(address: "成都市武侯区（高新区）天府大道")))
        #expect(withDistrict.candidates == gaoxin && withDistrict.adcode == "510107")
        #expect(withDistrict.cell.map { layer.cells[$0].adcode } == "510107")
        #expect(placed(placer.place(address: "四川天府新区兴隆街道"))?.candidates == units(["tianfu"]))
        #expect(placed(placer.place(address: "成都东部新区养马街道"))?.candidates == units(["dongbu"]))
        // An old name the scheme declares: 双流县 is today's 双流区.
        #expect(placed(placer.place(address: "双流县东升镇"))?.adcode == "510116")
    }

    @Test("another city, two districts and no known name are rejects with their reason")
    func rejects() {
        #expect(rejected(placer.place(address: "四川省绵阳市涪城区临园路")) == .otherCity)
        #expect(rejected(placer.place(address: "广东省深圳市南山区")) == .otherCity)
        #expect(rejected(placer.place(address: "成都市锦江区与成华区交界处")) == .addressAmbiguous)
        #expect(rejected(placer.place(address: "成都市锦江区（高新区）")) == .addressAmbiguous)
        #expect(rejected(placer.place(address: "人民南路四段市政府旁")) == .addressUnmatched)
        #expect(rejected(placer.place(address: "  ")) == .noLocation)
    }

    @Test("a USCC places a firm where it was registered; old codes by the scheme, the city's own code is no district")
    func uscc() throws {
        func code(_ adcode: String) throws -> String {
            try UnifiedSocialCreditCode.make(adcode: adcode, organisationBody: "MA6CX0T5").text
        }
        let jinjiang = try #require(placed(placer.place(uscc: try code("510104"))))
        #expect(jinjiang.tier == .uscc && jinjiang.adcode == "510104" && jinjiang.isCertain)
        // 510122 was 双流县 until 2015.
        #expect(placed(placer.place(uscc: try code("510122")))?.adcode == "510116")
        #expect(rejected(placer.place(uscc: try code("510100"))) == .cityLevelOnly)
        #expect(rejected(placer.place(uscc: try code("510199"))) == .usccUnknownDivision)
        #expect(rejected(placer.place(uscc: try code("510600"))) == .usccOutsideCity)
        var invalid = try code("510104")
        invalid.removeLast()
        invalid.append(invalid.last == "0" ? "1" : "0")
        #expect(rejected(placer.place(uscc: invalid)) == .invalidUSCC)
    }

    @Test("a scheme whose [places] names a unit it does not have is refused, naming the entry")
    func badScheme() throws {
        var broken = layer
        broken.scheme.places.aliases["某园区"] = "nowhere"
        let error = #expect(throws: ZoneFitError.self) { try AddressPlacer(broken) }
        #expect(error?.message.contains("[places] aliases.某园区 = 'nowhere'") == true, "\(String(describing: error))")
    }
}
