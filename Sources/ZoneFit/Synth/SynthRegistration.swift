/// A synthetic firm's address (住所) and registration status (登记状态), as a
/// bureau's register holds them. ILLUSTRATIVE: the address names the firm's
/// district (or, in a functional area, the area half the time), with the
/// failings real registers have in the shares below: 3% name another district
/// (registered where the firm no longer is) and 2% no district at all. Drawn
/// from a stream of their own, so a seed's other columns are what they were.
struct SynthRegistration: Sendable {
    var address: String
    var status: String

    /// Road names that hold no district's or area's name, so a road never names a place.
    static let roads = [
        "人民路", "建设路", "创业路", "科园路", "星光路", "工业大道", "迎宾大道", "光华大道", "物流大道", "民生路",
        "新华路", "长城路", "春风路", "玉带路", "杏林路", "梧桐路", "学府路", "创新路", "锦绣路", "和平路",
    ]
    static let prefixes = ["四川省成都市", "成都市", ""]
    static let prefixChoice = WeightedChoice([6, 3, 1])
    static let statuses = WeightedChoice([88, 8, 1.5, 2, 0.5])
    static let statusNames = ["存续", "在业", "迁出", "注销", "吊销"]

    static func make(number: Int, seed: UInt64, cell: Int, plan: SynthPlan) -> SynthRegistration {
        var random = SeededRandom(seed: seed ^ 0xADD7_E55E_5000_0001, stream: UInt64(number))
        let prefix = prefixes[prefixChoice.pick(&random)]
        let street = "\(roads[random.below(roads.count)])\(1 + random.below(999))号"
        let draw = random.unit()
        let place: String
        if draw < 0.03 {
            place = plan.districtNames[random.below(plan.districtNames.count)]
        } else if draw < 0.05 {
            place = ""
        } else if let area = plan.areaNames[cell], random.chance(0.5) {
            place = area
        } else {
            place = plan.cells[cell].district
        }
        return SynthRegistration(
            address: prefix + place + street, status: statusNames[statuses.pick(&random)])
    }
}
