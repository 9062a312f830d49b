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
    /// No coordinates, and no address or USCC the placement tiers could use.
    case noLocation = "no_location"
    /// The address names another city.
    case otherCity = "other_city"
    /// The address names no district or area of the scheme.
    case addressUnmatched = "address_unmatched"
    /// The address names two districts, or a functional area and a district it does not lie in.
    case addressAmbiguous = "address_ambiguous"
    /// The USCC is not a valid code (GB 32100-2015).
    case invalidUSCC = "invalid_uscc"
    /// The USCC was issued by the city's own authority: no district is known.
    case cityLevelOnly = "city_level_only"
    /// The USCC's division is in the city but no district of the scheme (an old code not declared).
    case usccUnknownDivision = "uscc_unknown_division"
    /// The USCC was issued outside the city.
    case usccOutsideCity = "uscc_outside_city"
}
