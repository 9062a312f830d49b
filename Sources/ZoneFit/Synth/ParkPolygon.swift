import Foundation
import GeoKit

/// An industrial park (园区) as synth reads it: id, outline (WGS84 WKB) and the
/// GB/T 4754-2017 code prefixes of its leading industries.
struct ParkPolygon: Sendable {
    var id: String
    var name: String
    var wkb: [UInt8]
    var envelope: Envelope
    var areaKm2: Double
    var leadingIndustries: [String]

    /// Reads a park layer (any OGR polygon source); `leading_industries` may be a JSON
    /// array, an OGR string list "(2:C38,C39)" or text separated by commas, spaces or 、.
    static func read(path: String, areaCRS: String) throws -> [ParkPolygon] {
        let context = try GEOSContext()
        var repaired: [String] = []
        let polygons = try PolygonLayerReader.read(
            SourceReference(path), keyField: nil, context: context, repaired: &repaired)
        let project = try AreaProjection(areaCRS)
        return try polygons.map { polygon in
            let id = polygon.values["id"]?.text ?? polygon.key
            return ParkPolygon(
                id: id, name: polygon.values["name"]?.text ?? id, wkb: try polygon.geometry.wkb(),
                envelope: try polygon.geometry.envelope(), areaKm2: try project.areaM2(polygon.geometry) / 1e6,
                leadingIndustries: parseCodes(polygon.values["leading_industries"]?.text ?? ""))
        }
    }

    /// The code prefixes in a text: a section letter and up to four digits, e.g. C38, I65, C3825.
    static func parseCodes(_ text: String) -> [String] {
        var body = Substring(text)
        // OGR string lists print as "(count:a,b)".
        if body.hasPrefix("("), let colon = body.firstIndex(of: ":") { body = body[body.index(after: colon)...] }
        return body.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }).compactMap { token in
            let code = token.uppercased()
            guard let first = code.first, first.isLetter, code.count >= 2, code.count <= 5,
                code.dropFirst().allSatisfy(\.isNumber)
            else { return nil }
            return code
        }
    }
}
