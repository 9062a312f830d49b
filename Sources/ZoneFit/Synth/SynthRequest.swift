import Foundation

/// What `zonefit synth` was asked to do.
public struct SynthRequest: Sendable {
    public var count: Int
    public var seed: UInt64
    public var output: String
    /// `-f`; nil: from the output's extension.
    public var format: String?
    /// The park layer; nil: no parks.
    public var parksPath: String?
    /// The share of firms placed in parks when there are parks.
    public var parkShare: Double
    public var workers: Int
    public var batchSize: Int

    public init(count: Int, seed: UInt64, output: String) {
        self.count = count
        self.seed = seed
        self.output = output
        self.parkShare = 0.25
        self.workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        self.batchSize = 16_384
    }
}

/// What a synth run wrote.
public struct SynthSummary: Sendable {
    public var written = 0
    public var inParks = 0
    public var parks = 0
    public var byZone: [ZoneClass: Int] = [:]
    public var chainLeaders = 0

    /// The lines printed at the end of a run.
    public func report() -> [String] {
        [
            "parks: \(parks == 0 ? "none" : "\(parks), holding \(inParks) firms")",
            "by zone: " + ZoneClass.allCases.map { "\($0.rawValue) \(byZone[$0] ?? 0)" }.joined(separator: ", "),
            "chain leaders: \(chainLeaders)",
        ]
    }
}
