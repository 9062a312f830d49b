import Foundation

/// Everything a report is built from: the units and their projected shapes,
/// the fit and relocate results computed by the library, the target rows and
/// the provenance. Built by `ReportRun`; tests build it the same way to check
/// the report's figures against the results.
public struct ReportData {
    /// Freed land in hectares and mu as the report writes them; nil when the register has no land data.
    func freedLand(_ m2: Double) -> (ha: String, mu: String)? {
        relocation.hasLandData ? (ReportFormat.hectares(m2), ReportFormat.mu(m2)) : nil
    }

    public var layer: ZoneLayer
    public var geometry: MapGeometry
    public var fit: FitResult
    /// The relocate overlay's counts (read, written, rejected, per unit).
    public var overlay: OverlaySummary
    public var relocation: RelocationSummary
    public var tally: ReportTally
    public var rules: NoncoreProfile
    public var targets: TargetTable
    public var targetRows: [TargetTable.Row]
    public var provenance: ReportProvenance
    public var parksGiven: Bool
    /// Compared with the previous period's register (`report --previous`); nil without one.
    public var changes: ReportChanges? = nil
    /// The chains' location quotients, hot spots and coverage (`ClustersRun`), from the same pass.
    public var clusters: ClustersResult? = nil
    /// The maps' enlarged panels: the core units', and small units' neighbourhoods by unit id.
    public var coreInset: MapGeometry? = nil
    public var unitInsets: [String: MapGeometry] = [:]

    /// Placed firms of a unit (the relocate output's rows with that `unit`).
    public func firms(_ unit: ZoneUnit) -> Int { tally.firmsByUnit[unit.id] ?? 0 }
    /// Firms whose unit is uncertain and may be this one (see `ReportTally.uncertainByUnit`).
    public func uncertainFirms(_ unit: ZoneUnit) -> Int { tally.uncertainByUnit[unit.id] ?? 0 }
    public func density(_ unit: ZoneUnit) -> Double { unit.areaKm2 > 0 ? Double(firms(unit)) / unit.areaKm2 : 0 }

    /// The city median of each fit indicator's raw value (after the missing-value policy).
    public var indicatorMedians: [Double] {
        fit.indicators.indices.map { j in
            let sorted = fit.raw.map { $0[j] }.sorted()
            guard !sorted.isEmpty else { return .nan }
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
    }
}

/// Where a report came from: tool version, inputs and profiles with their SHA-256, the date.
public struct ReportProvenance: Sendable {
    public struct File: Sendable {
        public var role: String
        public var id: String?
        public var path: String
        public var sha256: String
    }

    public var created: Date
    public var arguments: [String]
    public var files: [File]

    /// `hashed`: inputs whose identity was taken as they were read; `files` are hashed here. The
    /// arguments and names are kept without passwords.
    public init(
        created: Date = Date(), arguments: [String],
        hashed: [(role: String, id: String?, identity: SourceIdentity)] = [],
        files: [(role: String, id: String?, source: SourceReference)]
    ) throws {
        self.created = created
        self.arguments = arguments.map(DataSourceName.redacted)
        self.files =
            hashed.map { File(role: $0.role, id: $0.id, path: $0.identity.name, sha256: $0.identity.sha256) }
            + (try files.map {
                let identity = try SourceIdentity.of($0.source)
                return File(role: $0.role, id: $0.id, path: identity.name, sha256: identity.sha256)
            })
    }

    public var createdText: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: created)
    }
}
