import Foundation

/// The obfuscated datums of Chinese web maps.
///
/// GCJ-02 ("Mars coordinates", Amap, Tencent, Google China) is WGS84 shifted
/// by a published nonlinear formula; BD-09 (Baidu) is a further rotation of
/// GCJ-02. Neither is a PROJ datum, so the shifts live here. The forward
/// formula is the widely published one (e.g. eviltransform, coordtransform);
/// inverses iterate the forward shift to a fixed point, which converges to
/// well under a millimetre in a few steps.
public enum ChinaDatum: String, Sendable, CaseIterable {
    case gcj02, bd09

    /// Krasovsky 1940 semi-major axis and eccentricity squared, as the formula uses them.
    private static let a = 6_378_245.0
    private static let ee = 0.006_693_421_622_965_943_23
    private static let bdFactor = Double.pi * 3000.0 / 180.0

    /// WGS84 → this datum.
    public func fromWGS84(lon: Double, lat: Double) -> (lon: Double, lat: Double) {
        let gcj = Self.gcjFromWGS(lon: lon, lat: lat)
        switch self {
        case .gcj02: return gcj
        case .bd09: return Self.bdFromGCJ(lon: gcj.lon, lat: gcj.lat)
        }
    }

    /// This datum → WGS84.
    public func toWGS84(lon: Double, lat: Double) -> (lon: Double, lat: Double) {
        switch self {
        case .gcj02: return Self.wgsFromGCJ(lon: lon, lat: lat)
        case .bd09:
            let gcj = Self.gcjFromBD(lon: lon, lat: lat)
            return Self.wgsFromGCJ(lon: gcj.lon, lat: gcj.lat)
        }
    }

    /// The shift applies only inside China's rough bounding box; elsewhere GCJ-02 = WGS84.
    static func isShifted(lon: Double, lat: Double) -> Bool {
        lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271
    }

    static func gcjFromWGS(lon: Double, lat: Double) -> (lon: Double, lat: Double) {
        guard isShifted(lon: lon, lat: lat) else { return (lon, lat) }
        var dLat = shiftLat(lon - 105.0, lat - 35.0)
        var dLon = shiftLon(lon - 105.0, lat - 35.0)
        let radLat = lat / 180.0 * .pi
        var magic = sin(radLat)
        magic = 1 - ee * magic * magic
        let sqrtMagic = magic.squareRoot()
        dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLon = (dLon * 180.0) / (a / sqrtMagic * cos(radLat) * .pi)
        return (lon + dLon, lat + dLat)
    }

    static func wgsFromGCJ(lon: Double, lat: Double) -> (lon: Double, lat: Double) {
        guard isShifted(lon: lon, lat: lat) else { return (lon, lat) }
        return invert(gcjFromWGS, at: (lon, lat), from: (lon, lat))
    }

    static func bdFromGCJ(lon: Double, lat: Double) -> (lon: Double, lat: Double) {
        let z = (lon * lon + lat * lat).squareRoot() + 0.00002 * sin(lat * bdFactor)
        let theta = atan2(lat, lon) + 0.000003 * cos(lon * bdFactor)
        return (z * cos(theta) + 0.0065, z * sin(theta) + 0.006)
    }

    /// The closed-form inverse usually quoted is only about a metre accurate; iterate instead.
    static func gcjFromBD(lon: Double, lat: Double) -> (lon: Double, lat: Double) {
        invert(bdFromGCJ, at: (lon, lat), from: (lon - 0.0065, lat - 0.006))
    }

    /// Solves forward(x) = target by fixed-point iteration x ← x + (target − forward(x)),
    /// which converges for these small, smooth shifts in a few steps.
    private static func invert(
        _ forward: (Double, Double) -> (lon: Double, lat: Double),
        at target: (lon: Double, lat: Double), from start: (lon: Double, lat: Double)
    ) -> (lon: Double, lat: Double) {
        var guess = start
        for _ in 0..<30 {
            let image = forward(guess.lon, guess.lat)
            let dLon = target.lon - image.lon
            let dLat = target.lat - image.lat
            guess = (guess.lon + dLon, guess.lat + dLat)
            if abs(dLon) < 1e-12 && abs(dLat) < 1e-12 { break }
        }
        return guess
    }

    private static func shiftLat(_ x: Double, _ y: Double) -> Double {
        var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        r += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        r += (160.0 * sin(y / 12.0 * .pi) + 320 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        return r
    }

    private static func shiftLon(_ x: Double, _ y: Double) -> Double {
        var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        r += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        r += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        return r
    }
}
