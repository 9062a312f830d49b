import Foundation
import GeoKit

/// The coordinate frame of an input: a PROJ-known CRS or one of the Chinese
/// web-map datums (`gcj02`, `bd09`) that PROJ does not know.
public enum SourceCRS: Sendable, Equatable {
    case wgs84
    /// Any definition OGR's `SetFromUserInput` takes (EPSG code, WKT, PROJ string).
    case definition(String)
    case china(ChinaDatum)

    /// Reads `-s/--src-crs`: `gcj02`, `bd09`, a bare EPSG number, or any PROJ definition.
    public init(option: String) throws {
        let text = option.trimmingCharacters(in: .whitespaces)
        if let datum = ChinaDatum(rawValue: text.lowercased().replacingOccurrences(of: "-", with: "")) {
            self = .china(datum)
            return
        }
        do {
            let reference = try SpatialReference(text)
            self = reference.isSame(as: try SpatialReference.wgs84()) ? .wgs84 : .definition(text)
        } catch let error as GeoKitError {
            throw ZoneFitError(
                "source CRS '\(option)' is not a CRS that PROJ knows, nor gcj02/bd09 (\(error.message))",
                setting: .sourceCRS)
        }
    }

    public var label: String {
        switch self {
        case .wgs84: return "EPSG:4326"
        case .definition(let text): return text
        case .china(let datum): return datum.rawValue
        }
    }
}
