/// How an input gives its coordinates.
enum CoordinateSource: Sendable {
    case geometry
    case columns(x: Int, y: Int)
    /// One column holding both, "lon,lat" (Amap's `location`).
    case pair(Int)
    /// No coordinates at all: every row is placed by its register entry (`RegisterPlacement`).
    case none
}
