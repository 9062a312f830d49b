import Foundation

/// Where a firm without usable coordinates lies as far as its register entry
/// tells: the district its address or USCC names (when one is known) and the
/// units its ground may be in. One candidate: the unit is certain; several (a
/// 武侯区 address, part of whose ground is 高新区): only what they agree on is known.
/// Never a point: such a firm has no geometry in any output.
struct DescribedPlace: Sendable, Equatable {
    /// How the firm was placed: its address or its USCC's registration authority.
    enum Tier: String, Sendable, CaseIterable {
        case coordinates, address, uscc
    }

    var tier: Tier
    /// The district, where the entry names one (an address naming 高新区 alone, which spans districts, does not).
    var adcode: String?
    /// The units it may lie in, ascending.
    var candidates: [Int]
    /// The cell the analyses see, where the unit is certain: the unit's cell in the district, else its first.
    var cell: Int?

    var isCertain: Bool { candidates.count == 1 }
}

/// The placement tiers a run may use, in order (`--placement coordinates,address,uscc`).
public struct PlacementTiers: Sendable, Equatable {
    public var address: Bool
    public var uscc: Bool

    public init(address: Bool, uscc: Bool) {
        (self.address, self.uscc) = (address, uscc)
    }

    /// Reads `coordinates`, `coordinates,address` or `coordinates,address,uscc`.
    public init(option: String) throws {
        let tiers = option.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let known = DescribedPlace.Tier.allCases.map(\.rawValue)
        guard tiers.first == "coordinates", tiers == Array(known.prefix(tiers.count)) else {
            throw ZoneFitError(
                "placement '\(option)': expected coordinates, coordinates,address or coordinates,address,uscc",
                setting: .placement)
        }
        self.init(address: tiers.count > 1, uscc: tiers.count > 2)
    }

    public static let coordinatesOnly = PlacementTiers(address: false, uscc: false)
    public var usesRegister: Bool { address || uscc }
}
