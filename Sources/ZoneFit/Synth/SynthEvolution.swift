import Foundation
import GeoKit

/// What `zonefit synth --evolve` is asked: the next period of a synthetic register.
public struct SynthEvolution: Sendable {
    /// A register `zonefit synth` wrote (CSV), or an earlier evolution of one.
    public var from: String
    public var months: Int
    public var seed: UInt64
    public var output: String
    /// Where to write what was changed, firm by firm (uscc, the change diff should find), if anywhere.
    public var changes: String?
    /// The share of the firms flagged for relocation that move out of the central city each month.
    public var relocationPace = 0.03
    public var parksPath: String?
    public var parkShare = 0.25

    public init(from: String, months: Int, seed: UInt64, output: String) {
        (self.from, self.months, self.seed, self.output) = (from, months, seed, output)
    }
}

/// What an evolution changed, by the change `diff` finds for it.
public struct SynthEvolutionSummary: Sendable {
    public var firms = 0
    public var byChange: [String: Int] = [:]
    /// Flagged firms moved out of the central city.
    public var relocated = 0

    public func report() -> [String] {
        [
            "from \(firms) firms: "
                + ["exited:absent", "exited:注销", "exited:吊销", "entered", "moved", "reclassified", "status"].map {
                    "\($0) \(byChange[$0] ?? 0)"
                }.joined(separator: ", "),
            "flagged firms moved out of the central city: \(relocated)",
        ]
    }
}

/// The next period of a synthetic register, at monthly rates a district's
/// register plausibly shows (ILLUSTRATIVE, not official statistics): 0.8 % of
/// firms leave (half of them simply absent from the extract, half kept with
/// 注销 or 吊销), 1.2 % enter, 0.4 % move, 0.2 % change industry code, 1 % change
/// status between 存续 and 在业, and `relocationPace` of the firms flagged for
/// relocation move out of the central city. Keyed by the same USCCs, each
/// firm's draws from a stream of its own, so the same seed gives the same file.
public enum SynthEvolve {
    static let exitRate = 0.008, entryRate = 0.012, moveRate = 0.004, reclassifyRate = 0.002, statusRate = 0.01

    public static func run(_ request: SynthEvolution, rules: NoncoreProfile, layer: ZoneLayer) throws
        -> SynthEvolutionSummary
    {
        guard request.output.lowercased().hasSuffix(".csv") else {
            throw ZoneFitError(file: request.output, "the next period is written as CSV", setting: .outputFormat)
        }
        let source: VectorSource
        do { source = try VectorSource(path: request.from) } catch let error as GeoKitError {
            throw ZoneFitError(file: request.from, error.message)
        }
        let names = SynthFirm.fields.map(\.name)
        guard source.fields.map(\.name) == names else {
            throw ZoneFitError(
                file: request.from,
                "is not a register zonefit synth wrote (expected the columns \(names.joined(separator: ", ")))")
        }
        // Where each firm is and whether it is flagged: the earlier register placed as diff places it.
        let snapshot = try SnapshotIndex(rules: rules, keyField: nil)
        var placing = OverlayRequest(input: request.from, output: nil)
        placing.rejects = NSTemporaryDirectory() + "zonefit-evolve-\(getpid()).rejects.csv"
        defer { try? FileManager.default.removeItem(atPath: placing.rejects!) }
        _ = try OverlayRun.run(placing, layer: layer, analyses: [snapshot])
        snapshot.buildIndex(threads: placing.workers)

        let parks = try request.parksPath.map { try ParkPolygon.read(path: $0, areaCRS: layer.scheme.areaCRS) } ?? []
        let plan = try SynthPlan.build(layer: layer, parks: parks, seed: request.seed, parkShare: request.parkShare)
        let sampler = try SynthSampler(plan)
        let column = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        // Both outputs under temporary names until both are written.
        let file = try AtomicOutput(request.output)
        let changesFile = try request.changes.map { try AtomicOutput($0) }
        let csv = try SynthCSV(path: file.temporaryPath, fields: names)
        var changes: [(String, String)] = []
        var summary = SynthEvolutionSummary()
        func chance(_ monthly: Double, _ random: inout SeededRandom) -> Bool {
            random.chance(1 - pow(1 - monthly, Double(request.months)))
        }
        // The highest firm number in the register (its ids, SYN00001234): entries are numbered after it.
        var lastNumber = 0
        while let feature = try source.next() {
            var cells = feature.values.map { $0.text ?? "" }
            let uscc = cells[column["uscc"]!].trimmingCharacters(in: .whitespaces).uppercased()
            lastNumber = max(lastNumber, Int(cells[column["id"]!].drop { !$0.isNumber }) ?? feature.number)
            summary.firms += 1
            guard let position = snapshot.position(of: RegisterKey(uscc)), snapshot.states[position].isActive else {
                try write(cells, to: csv)
                continue
            }
            let state = snapshot.states[position]
            var random = SeededRandom(seed: request.seed ^ 0xE701_7E00_0000_0001, stream: UInt64(feature.number))
            var found: String?
            if chance(exitRate, &random) {
                if random.chance(0.5) {
                    changes.append((uscc, "exited:absent"))
                    continue
                }
                let status = random.chance(0.7) ? "注销" : "吊销"
                cells[column["status"]!] = status
                found = "exited:" + status
            } else {
                let relocating = state.flagged && chance(request.relocationPace, &random)
                if relocating || chance(moveRate, &random) {
                    let location = try relocated(sampler, outsideCentral: relocating, layer: layer, &random)
                    (cells[column["lon"]!], cells[column["lat"]!]) = (fixed(location.lon), fixed(location.lat))
                    let registration = SynthRegistration.make(
                        number: feature.number, seed: request.seed, cell: location.cell, plan: plan)
                    cells[column["address"]!] = registration.address
                    let unit = layer.cells[location.cell].unitIndex
                    if unit != state.unit { found = "moved" }
                    if relocating && layer.units[unit].zone != .central { summary.relocated += 1 }
                }
                if chance(reclassifyRate, &random) {
                    let code = cells[column["industry_code"]!]
                    var other = code
                    while other == code {
                        other = SynthIndustryMix.classes[random.below(SynthIndustryMix.classes.count)].code
                    }
                    cells[column["industry_code"]!] = other
                    found = found ?? "reclassified"
                }
                let status = cells[column["status"]!]
                if ["存续", "在业"].contains(status), chance(statusRate, &random) {
                    cells[column["status"]!] = status == "存续" ? "在业" : "存续"
                    found = found ?? "status"
                }
            }
            if let found { changes.append((uscc, found)) }
            try write(cells, to: csv)
        }
        // Entries: new firms numbered after the register's, their USCCs unlike any already there.
        let active = snapshot.states.filter(\.isActive).count
        let entries = Int((Double(active) * (1 - pow(1 - entryRate, Double(request.months)))).rounded())
        var number = lastNumber
        var made = 0
        while made < entries {
            let firm = try SynthFirm.make(number: number, seed: request.seed, sampler: sampler)
            number += 1
            guard snapshot.position(of: RegisterKey(firm.uscc)) == nil else { continue }
            var line: [UInt8] = []
            firm.entering().appendCSV(to: &line)
            try csv.write(line)
            changes.append((firm.uscc, "entered"))
            made += 1
        }
        try csv.close()
        for (_, change) in changes { summary.byChange[change, default: 0] += 1 }
        if let changesFile {
            let text = "uscc,change\n" + changes.map { "\($0.0),\($0.1)\n" }.joined()
            try text.write(toFile: changesFile.temporaryPath, atomically: false, encoding: .utf8)
        }
        try file.publish()
        try changesFile?.publish()
        return summary
    }

    /// A new location for a moving firm: anywhere the plan puts firms, or for a relocating one outside the
    /// central city (after 256 draws inside it, the last one).
    private static func relocated(
        _ sampler: SynthSampler, outsideCentral: Bool, layer: ZoneLayer, _ random: inout SeededRandom
    ) throws -> SynthSampler.Location {
        var location = try sampler.locate(&random)
        var attempts = 0
        while outsideCentral, layer.units[layer.cells[location.cell].unitIndex].zone == .central, attempts < 256 {
            location = try sampler.locate(&random)
            attempts += 1
        }
        return location
    }

    /// Six decimals, as synth writes coordinates.
    private static func fixed(_ value: Double) -> String {
        var bytes: [UInt8] = []
        SynthCSV.appendFixed(value, decimals: 6, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func write(_ cells: [String], to csv: SynthCSV) throws {
        var line: [UInt8] = []
        for (index, cell) in cells.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            SynthCSV.appendQuotedIfNeeded(cell, to: &line)
        }
        line.append(UInt8(ascii: "\n"))
        try csv.write(line)
    }
}
