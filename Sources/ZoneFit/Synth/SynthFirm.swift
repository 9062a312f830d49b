import GeoKit

/// One synthetic enterprise record. Every value is made from the run's seed and
/// the firm's number alone.
struct SynthFirm: Sendable {
    var number: Int
    var name: String
    var uscc: String
    var industryCode: String
    var size: SynthFirmSize
    var chainLeader: Bool
    var keep: Bool
    var lon, lat: Double
    var cell: Int
    var park: Int?
    var registration: SynthRegistration

    /// The firm as it enters a later period of the register: in business (存续).
    func entering() -> SynthFirm {
        var firm = self
        firm.registration.status = "存续"
        return firm
    }

    /// The output columns, in order.
    static let fields: [FieldDefinition] = [
        FieldDefinition("id", .string), FieldDefinition("name", .string), FieldDefinition("uscc", .string),
        FieldDefinition("industry_code", .string), FieldDefinition("employees", .integer),
        FieldDefinition("revenue", .real), FieldDefinition("value_added", .real), FieldDefinition("tax", .real),
        FieldDefinition("energy_tce", .real), FieldDefinition("water_m3", .real), FieldDefinition("land_m2", .real),
        FieldDefinition("chain_leader", .boolean), FieldDefinition("keep", .boolean),
        FieldDefinition("lon", .real), FieldDefinition("lat", .real), FieldDefinition("address", .string),
        FieldDefinition("status", .string), FieldDefinition("provenance", .string),
    ]

    /// Decimals kept per figure: 万元 to 0.1, tce to 0.01, m³ and m² whole.
    static let decimals = (money: 1, energy: 2, water: 0, land: 0, degrees: 6)

    /// `SYN00000001` for firm 0; wider past 99,999,999 firms.
    var id: String {
        let digits = String(number + 1)
        return "SYN" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    static func make(number: Int, seed: UInt64, sampler: SynthSampler) throws -> SynthFirm {
        var random = SeededRandom(seed: seed, stream: UInt64(number))
        let plan = sampler.plan
        let location = try sampler.locate(&random)
        let industry: SynthIndustry
        if let park = location.park, !plan.parks[park].industries.isEmpty {
            let choices = plan.parks[park].industries
            industry = SynthIndustryMix.classes[choices[random.below(choices.count)]]
        } else {
            industry =
                SynthIndustryMix.classes[SynthIndustryMix.choice(for: plan.cellZones[location.cell]).pick(&random)]
        }
        let chainLeader = random.chance(0.002)
        let keep = random.chance(0.005)
        var size = SynthFirmSize.draw(code: industry.code, chainLeader: chainLeader, &random)
        size.revenue = rounded(size.revenue, decimals.money)
        size.valueAdded = rounded(size.valueAdded, decimals.money)
        size.tax = rounded(size.tax, decimals.money)
        size.energyTce = rounded(size.energyTce, decimals.energy)
        size.waterM3 = rounded(size.waterM3, decimals.water)
        size.landM2 = rounded(size.landM2, decimals.land)
        let name = SynthFirmNames.make(
            tradeName: random.below(SynthFirmNames.tradeNames.count), word: industry.nameWord,
            jointStock: random.chance(chainLeader ? 0.6 : 0.08))
        let body = organisationBody(number: number, seed: seed, newStyle: random.chance(0.55))
        let uscc = try UnifiedSocialCreditCode.make(adcode: plan.cells[location.cell].adcode, organisationBody: body)
        return SynthFirm(
            number: number, name: name, uscc: uscc.text, industryCode: industry.code, size: size,
            chainLeader: chainLeader, keep: keep, lon: location.lon, lat: location.lat,
            cell: location.cell, park: location.park,
            registration: SynthRegistration.make(number: number, seed: seed, cell: location.cell, plan: plan))
    }

    /// The organisation code body: eight digits (codes issued before 2015) or "MA" and six
    /// charset characters (since). Each style numbers firms through a bijection of the
    /// firm number, so bodies never repeat within a run (up to 10⁸ firms).
    static func organisationBody(number: Int, seed: UInt64, newStyle: Bool) -> String {
        if newStyle {
            let modulus: UInt64 = 887_503_681  // 31^6
            // 387,420,489 = 3^18, prime to 31.
            var value = (UInt64(number) % modulus &* 387_420_489 &+ offset(seed) % modulus) % modulus
            var characters = [Character](repeating: "0", count: 6)
            for position in (0..<6).reversed() {
                characters[position] = UnifiedSocialCreditCode.charset[Int(value % 31)]
                value /= 31
            }
            return "MA" + String(characters)
        }
        let modulus: UInt64 = 100_000_000
        let value = (UInt64(number) % modulus &* 73_939_133 &+ offset(seed >> 1) % modulus) % modulus  // prime to 10
        let digits = String(value)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    private static func offset(_ seed: UInt64) -> UInt64 {
        var random = SeededRandom(seed: seed)
        return random.next()
    }

    static func rounded(_ value: Double, _ decimals: Int) -> Double {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return (value * scale).rounded() / scale
    }

    /// The row as field values, in `fields` order.
    var values: [FieldValue] {
        [
            .string(id), .string(name), .string(uscc), .string(industryCode), .integer(Int64(size.employees)),
            .real(size.revenue), .real(size.valueAdded), .real(size.tax), .real(size.energyTce), .real(size.waterM3),
            .real(size.landM2), .boolean(chainLeader), .boolean(keep), .real(lon), .real(lat),
            .string(registration.address), .string(registration.status), .string("synthetic"),
        ]
    }

    /// Appends the row as one CSV line (LF); only the name could ever need quotes.
    func appendCSV(to line: inout [UInt8]) {
        func text(_ value: String) { line.append(contentsOf: value.utf8) }
        func comma() { line.append(UInt8(ascii: ",")) }
        func fixed(_ value: Double, _ decimals: Int) { SynthCSV.appendFixed(value, decimals: decimals, to: &line) }
        text(id)
        comma()
        SynthCSV.appendQuotedIfNeeded(name, to: &line)
        comma()
        text(uscc)
        comma()
        text(industryCode)
        comma()
        text(String(size.employees))
        comma()
        fixed(size.revenue, Self.decimals.money)
        comma()
        fixed(size.valueAdded, Self.decimals.money)
        comma()
        fixed(size.tax, Self.decimals.money)
        comma()
        fixed(size.energyTce, Self.decimals.energy)
        comma()
        fixed(size.waterM3, Self.decimals.water)
        comma()
        fixed(size.landM2, Self.decimals.land)
        comma()
        text(chainLeader ? "true" : "false")
        comma()
        text(keep ? "true" : "false")
        comma()
        fixed(lon, Self.decimals.degrees)
        comma()
        fixed(lat, Self.decimals.degrees)
        comma()
        SynthCSV.appendQuotedIfNeeded(registration.address, to: &line)
        comma()
        text(registration.status)
        comma()
        text("synthetic")
        line.append(UInt8(ascii: "\n"))
    }
}
