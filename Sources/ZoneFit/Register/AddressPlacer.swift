import Foundation

/// Places a firm by the district its address names (住所/经营场所), or, as a last
/// resort, by its USCC's registering authority (positions 3–8, GB 32100-2015):
/// the district where it was registered, which need not be where it is.
///
/// Names come from the scheme: its districts' names (锦江区 …), its functional
/// areas' names (成都高新区 …) and the aliases and old registration codes it
/// declares under `[places]`, so another city's scheme brings its own. A
/// functional area named in an address is its unit; a district named alone
/// may lie in several units (its remainder and the functional areas on its
/// ground), all of them candidates. Hand-written because no library knows a
/// scheme's names; matching is by whole names (锦江区, not 锦江), longest first,
/// so 双流路 in 武侯区 does not name 双流区. Texts are compared as arrays of
/// scalars: Foundation's `range(of:)`, once per name and row, was nine tenths
/// of a run that placed a million firms by address.
struct AddressPlacer: Sendable {
    enum Outcome: Sendable, Equatable {
        case placed(DescribedPlace)
        case rejected(RejectReason, String)
    }

    private enum Target: Sendable, Equatable {
        case district(String)
        case unit(Int)
    }

    private let layer: ZoneLayer
    /// Text as compared: its scalars, folded (see `folded`).
    private typealias Scalars = [Unicode.Scalar]

    /// Names in addresses, longest first, and what each names.
    private let names: [(name: String, scalars: Scalars, target: Target)]
    private let districtNames: [String: String]
    private let cityNames: [Scalars]
    private let cityName: String
    /// The city's own division code (`510100`) and its first four digits.
    private let cityCode: String?
    private let registrationCodes: [String: Target]
    private let functionalAreaUnits: Set<Int>
    /// Per unit its cells; per district the units on its ground and, where there is one, its only cell:
    /// worked out once, not for every row.
    private let cellsOfUnit: [[Int]]
    private let groundOfDistrict: [String: (units: [Int], cell: Int?)]

    /// Throws where the scheme's `[places]` names a unit or district it does not have.
    init(_ layer: ZoneLayer) throws {
        self.layer = layer
        let scheme = layer.scheme
        var districtNames: [String: String] = [:]
        for cell in layer.cells { districtNames[cell.adcode] = cell.district }
        self.districtNames = districtNames
        cellsOfUnit = layer.units.indices.map { unit in layer.cells.indices.filter { layer.cells[$0].unitIndex == unit }
        }
        groundOfDistrict = districtNames.keys.reduce(into: [:]) { ground, adcode in
            let cells = layer.cells.indices.filter { layer.cells[$0].adcode == adcode }
            let units = Array(Set(cells.map { layer.cells[$0].unitIndex })).sorted()
            ground[adcode] = (units, units.count == 1 ? cells.first : nil)
        }
        let districtUnits = Set(scheme.districts.map(\.unit))
        functionalAreaUnits = Set(layer.units.indices.filter { !districtUnits.contains(layer.units[$0].id) })
        func target(_ id: String, key: String) throws -> Target {
            if districtNames[id] != nil { return .district(id) }
            if let unit = layer.units.firstIndex(where: { $0.id == id }) { return .unit(unit) }
            throw ZoneFitError(
                file: scheme.path, "[places] \(key) = '\(id)': no district or unit of the scheme has this id")
        }
        var names = districtNames.map { (name: $0.value, target: Target.district($0.key)) }
        names += functionalAreaUnits.map { (name: layer.units[$0].name, target: Target.unit($0)) }
        for (alias, id) in scheme.places.aliases {
            names.append((alias, try target(id, key: "aliases.\(alias)")))
        }
        self.names = names.map { (name: $0.name, scalars: Self.folded($0.name), target: $0.target) }
            .filter { !$0.scalars.isEmpty }.sorted { $0.scalars.count > $1.scalars.count }
        registrationCodes = try scheme.places.registrationCodes.reduce(into: [:]) { codes, entry in
            codes[entry.key] = try target(entry.value, key: "registration_codes.\(entry.key)")
        }
        cityNames = scheme.places.cityNames.map(Self.folded).sorted { $0.count > $1.count }
        cityName = scheme.places.cityNames.first ?? scheme.name
        // The districts' common prefix of four digits: the city (510104, 510105 … → 5101).
        let prefixes = Set(districtNames.keys.map { String($0.prefix(4)) })
        cityCode = prefixes.count == 1 ? prefixes.first.map { $0 + "00" } : nil
    }

    /// Full-width forms half-width, no spaces: as headers are compared (`HeaderName`), case kept.
    /// ASCII and the common CJK ideographs and marks are their own compatibility forms: only a text
    /// with other scalars goes through Foundation's mapping.
    private static func folded(_ text: String) -> Scalars {
        var scalars: Scalars = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09...0x0D, 0x20, 0x3000: continue
            case 0x00..<0x80, 0x3001, 0x3002, 0x4E00...0x9FFF: scalars.append(scalar)
            default:
                return Array(
                    text.precomposedStringWithCompatibilityMapping.filter { !$0.isWhitespace }.unicodeScalars)
            }
        }
        return scalars
    }

    /// Where `name` first occurs in `text`, starting at or after `start` and ending at or before `end`.
    private static func find(_ name: Scalars, in text: Scalars, from start: Int = 0, before end: Int? = nil) -> Int? {
        let end = min(end ?? text.count, text.count)
        guard let first = name.first, end - start >= name.count else { return nil }
        return text.withUnsafeBufferPointer { text in
            name.withUnsafeBufferPointer { name in
                var index = start
                while index <= end - name.count {
                    if text[index] == first, (1..<name.count).allSatisfy({ text[index + $0] == name[$0] }) {
                        return index
                    }
                    index += 1
                }
                return nil
            }
        }
    }

    private static func hasPrefix(_ text: Scalars, _ prefix: Scalars) -> Bool {
        text.count >= prefix.count && text.prefix(prefix.count).elementsEqual(prefix)
    }

    /// The place an address names.
    func place(address: String) -> Outcome {
        var text = Self.folded(address)
        guard !text.isEmpty else { return .rejected(.noLocation, "empty address") }
        // A province first (四川省), then the city (成都市) or another one (绵阳市), which is a reject.
        for ending in Self.provinceEndings {
            if let position = Self.find(ending, in: text, before: 6 + ending.count) {
                text.removeFirst(position + ending.count)
                break
            }
        }
        if let city = cityNames.first(where: { Self.hasPrefix(text, $0) }) {
            text.removeFirst(city.count)
        } else if let other = Self.leadingCity(text), !names.contains(where: { Self.hasPrefix(text, $0.scalars) }) {
            return .rejected(.otherCity, "the address names \(other), not \(cityName)")
        }
        var taken: [Range<Int>] = []
        var found: [(position: Int, name: String, target: Target)] = []
        for (name, scalars, target) in names {
            var start = 0
            while let position = Self.find(scalars, in: text, from: start) {
                let range = position..<(position + scalars.count)
                if !taken.contains(where: { $0.overlaps(range) }) {
                    taken.append(range)
                    found.append((position, name, target))
                }
                start = range.upperBound
            }
        }
        found.sort { $0.position < $1.position }
        var districts: [String] = []
        var units: [Int] = []
        for (_, _, target) in found {
            switch target {
            case .district(let adcode): if !districts.contains(adcode) { districts.append(adcode) }
            case .unit(let unit): if !units.contains(unit) { units.append(unit) }
            }
        }
        let named = found.map(\.name)
        guard !named.isEmpty else {
            return .rejected(.addressUnmatched, "the address names no district or area of \(cityName)")
        }
        guard units.count <= 1, districts.count <= 1 else {
            return .rejected(.addressAmbiguous, "the address names " + named.joined(separator: " and "))
        }
        if let unit = units.first {
            let cells = cellsOfUnit[unit]
            let adcodes = Set(cells.map { layer.cells[$0].adcode })
            if let district = districts.first, !adcodes.contains(district) {
                return .rejected(.addressAmbiguous, "the address names " + named.joined(separator: " and "))
            }
            let adcode = districts.first ?? (adcodes.count == 1 ? adcodes.first : nil)
            let cell = cells.first { layer.cells[$0].adcode == adcode } ?? cells.first
            return .placed(DescribedPlace(tier: .address, adcode: adcode, candidates: [unit], cell: cell))
        }
        return .placed(district(districts[0], tier: .address))
    }

    /// The place a USCC's registering authority names: where the firm was registered, not where it is.
    func place(uscc text: String) -> Outcome {
        let code: UnifiedSocialCreditCode
        do {
            code = try UnifiedSocialCreditCode(text.trimmingCharacters(in: .whitespaces))
        } catch {
            return .rejected(.invalidUSCC, "USCC '\(text)' \(error)")
        }
        let division = code.adcode
        switch registrationCodes[division] {
        case .district(let adcode): return .placed(district(adcode, tier: .uscc))
        case .unit(let unit):
            let cell = cellsOfUnit[unit].first
            return .placed(DescribedPlace(tier: .uscc, adcode: nil, candidates: [unit], cell: cell))
        case nil: break
        }
        if districtNames[division] != nil { return .placed(district(division, tier: .uscc)) }
        if division == cityCode {
            return .rejected(
                .cityLevelOnly, "USCC registered by the city's own authority (\(division)): no district is known")
        }
        if let cityCode, division.hasPrefix(cityCode.prefix(4)) {
            return .rejected(
                .usccUnknownDivision,
                "USCC division \(division) is no district of the scheme (an old code? declare it under [places.registration_codes])"
            )
        }
        return .rejected(.usccOutsideCity, "USCC registered in \(division), outside \(cityName)")
    }

    /// A district and every unit on its ground.
    private func district(_ adcode: String, tier: DescribedPlace.Tier) -> DescribedPlace {
        let ground = groundOfDistrict[adcode] ?? ([], nil)
        return DescribedPlace(tier: tier, adcode: adcode, candidates: ground.units, cell: ground.cell)
    }

    /// A prefecture-level name an address begins with (绵阳市, 凉山彝族自治州), if any: a short name and its
    /// ending, so 人民南路四段市政府 is no city.
    private static func leadingCity(_ text: Scalars) -> String? {
        let head = Array(text.prefix(10))
        for (ending, longest) in cityEndings {
            if let position = find(ending, in: head), (2...longest).contains(position) {
                var name = String.UnicodeScalarView()
                name.append(contentsOf: head[..<(position + ending.count)])
                return String(name)
            }
        }
        return nil
    }

    private static let provinceEndings = ["自治区", "省"].map(folded)
    private static let cityEndings = [("自治州", 8), ("市", 4), ("地区", 4), ("州", 3), ("盟", 4)].map {
        (folded($0.0), $0.1)
    }
}
