import Foundation
import GeoKit

/// `zonefit relocate` on top of the overlay: for firms in central units,
/// flags non-core functions, explains each flag, ranks receiving parks and
/// adds up what leaving frees per unit. Firms outside the central city are
/// never flagged.
public final class RelocateExtension: OverlayExtension {
    public let command = "relocate"
    public var profile: (id: String, path: String)? { (noncore.id, noncore.path) }
    public private(set) var summary = RelocationSummary()

    private let noncore: NoncoreProfile
    private let classifier: NoncoreClassifier
    private let priority: PriorityScore
    private let sites: ReceivingSites?
    private let top: Int
    private let flaggedOnly: Bool
    private var columns = FirmColumns(fields: [], names: [:])

    public init(profile: NoncoreProfile, parksPath: String?, layer: ZoneLayer, top: Int, flaggedOnly: Bool) throws {
        self.noncore = profile
        self.classifier = try NoncoreClassifier(profile)
        self.priority = PriorityScore(factors: profile.priority)
        self.sites = try parksPath.map { try ReceivingSites(path: $0, layer: layer, classification: profile.classification) }
        self.top = top
        self.flaggedOnly = flaggedOnly
        summary.categories = profile.categories.keys.sorted()
    }

    public func prepare(inputFields: [FieldDefinition], layer: ZoneLayer) throws -> [FieldDefinition] {
        columns = FirmColumns(fields: inputFields, names: noncore.fields)
        guard columns.indexes["industry_code"] != nil else {
            let names = (noncore.fields["industry_code"] ?? []).joined(separator: ", ")
            throw ZoneFitError("no industry code column: expected one of \(names) (add yours under [fields] in \(URLName(noncore.path)))")
        }
        var fields = [
            FieldDefinition("flagged", .boolean), FieldDefinition("noncore_category", .string),
            FieldDefinition("rules", .string), FieldDefinition("priority", .real),
            FieldDefinition("priority_components", .string), FieldDefinition("reason_zh", .string),
            FieldDefinition("reason_en", .string), FieldDefinition("freed_land_m2", .real), FieldDefinition("chains", .string),
        ]
        if sites != nil {
            for rank in 1...top {
                fields += [FieldDefinition("receiver_\(rank)", .string), FieldDefinition("receiver_\(rank)_name", .string),
                           FieldDefinition("receiver_\(rank)_score", .real), FieldDefinition("receiver_\(rank)_km", .real)]
            }
        }
        return fields
    }

    public func values(for feature: SourceFeature, cell: ZoneCell, unit: ZoneUnit, lon: Double?, lat: Double?) throws -> [FieldValue]? {
        let receiverCount = sites == nil ? 0 : 4 * top
        let noReceivers = [FieldValue](repeating: .null, count: receiverCount)
        let codeText = columns.text("industry_code", in: feature)
        guard unit.zone == .central else {
            if flaggedOnly { return nil }
            let chains = (try? noncore.classification.parse(codeText ?? "")).map { noncore.classification.chains(of: $0) } ?? []
            return [.boolean(false), .null, .null, .null, .null, .null, .null, .null,
                    .string(chains.joined(separator: ";"))] + noReceivers
        }
        var totals = summary.units[unit.id] ?? .init(unit: unit.id, name: unit.name, isCore: unit.isCore)
        defer { summary.units[unit.id] = totals }
        let name = columns.text("name", in: feature)
        let (verdict, code) = classifier.judge(
            code: codeText, name: name, chainLeader: columns.flag("chain_leader", in: feature),
            kept: columns.flag("keep", in: feature))
        let chains = code.map { noncore.classification.chains(of: $0) } ?? []
        let chainText: FieldValue = .string(chains.joined(separator: ";"))
        switch verdict {
        case .unknownCode(let problem):
            totals.unknownCodes += 1
            if flaggedOnly { return nil }
            return [.boolean(false), .string("unknown_code"), .null, .null, .null,
                    .string("行业代码无法识别（\(problem)），未判定是否疏解。"),
                    .string("The industry code could not be read (\(problem)); not judged."), .null, chainText] + noReceivers
        case .excluded(let why):
            totals.excluded += 1
            if flaggedOnly { return nil }
            let zh = why == "chain_leader" ? "链主企业，不列入疏解。" : "区（市）县标记保留，不列入疏解。"
            let en = why == "chain_leader" ? "A chain-leader firm: not listed for relocation." : "Marked as kept by the district: not listed for relocation."
            return [.boolean(false), .null, .string("excluded:\(why)"), .null, .null, .string(zh), .string(en), .null,
                    chainText] + noReceivers
        case .notFlagged:
            if flaggedOnly { return nil }
            return [.boolean(false), .null, .null, .null, .null, .null, .null, .null, chainText] + noReceivers
        case .flagged(let category, let rules):
            guard let code, let definition = noncore.categories[category] else { return nil }
            let land = columns.number("land", in: feature)
            let revenue = columns.number("revenue", in: feature)
            let score = priority.score(.init(
                revenue: revenue, tax: columns.number("tax", in: feature), energy: columns.number("energy", in: feature),
                water: columns.number("water", in: feature), landM2: land, isCore: unit.isCore))
            let components = score.components
                .map { "\($0.id)=\($0.score.map(Self.short) ?? "n/a")×\(Self.short($0.weight))" }
                .joined(separator: "; ")
            totals.byCategory[category, default: 0] += 1
            totals.freedLandM2 += land ?? 0
            totals.employees += columns.number("employees", in: feature) ?? 0
            totals.revenue += revenue ?? 0
            summary.flaggedRows += 1
            var receivers = noReceivers
            if let sites {
                let ranked = sites.rank(code: code, chains: chains, category: category, freedLandM2: land, lon: lon, lat: lat, top: top)
                for (rank, candidate) in ranked.enumerated() {
                    receivers.replaceSubrange(4 * rank..<4 * rank + 4, with: [
                        .string(candidate.park.id), .string(candidate.park.name), .real(Self.round(candidate.score)),
                        candidate.km.isNaN ? .null : .real(Self.round(candidate.km))])
                }
            }
            let names = noncore.classification.divisionName(code)
            func fill(_ template: String, _ codeName: String?, district: String, unit: String) -> String {
                Self.fill(template, ["code": code.description, "code_name": codeName ?? code.description,
                                     "district": district, "unit": unit, "rules": rules.joined(separator: ", ")])
            }
            return [.boolean(true), .string(category), .string(rules.joined(separator: ";")), .real(Self.round(score.priority)),
                    .string(components),
                    .string(fill(definition.reasonZh, names?.zh, district: cell.district, unit: unit.name)),
                    .string(fill(definition.reasonEn, names?.en, district: cell.districtEn, unit: unit.nameEn)),
                    land.map(FieldValue.real) ?? .null, chainText] + receivers
        }
    }

    /// A reason template with its {placeholders} filled, in one pass (Foundation's
    /// replacingOccurrences, five times a row, was a third of a relocate run).
    /// Unknown placeholders stay as written.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let value = values[String(rest[afterOpen..<close])] {
                out += value
                rest = rest[rest.index(after: close)...]
            } else {
                out += "{"
                rest = rest[afterOpen...]
            }
        }
        return out + rest
    }

    private static func round(_ value: Double) -> Double { (value * 100).rounded() / 100 }
    private static func short(_ value: Double) -> String { String(format: "%.2f", value) }
}
