/// Why a row went to the rejects file. The raw values are what the rejects
/// file's `reason` column holds.
public enum RejectReason: String, Sendable, CaseIterable {
    /// The coordinate cells are empty.
    case missingCoordinates = "missing_coordinates"
    /// A coordinate cell holds text that is not a number.
    case nonNumeric = "non_numeric"
    /// A coordinate is NaN or infinite.
    case notFinite = "not_finite"
    /// Longitude outside ±180 or latitude outside ±90.
    case outOfRange = "out_of_range"
    /// The coordinates look like (lat, lon): swapped they fall in the city.
    case swapped
    /// The point or polygon lies outside every unit.
    case outside
    /// The feature has no geometry.
    case noGeometry = "no_geometry"
    /// Lines and other geometries that are neither points nor polygons.
    case unsupportedGeometry = "unsupported_geometry"
    /// PROJ could not transform the coordinates to WGS84.
    case transformFailed = "transform_failed"
}
