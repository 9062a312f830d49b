import ArgumentParser
import ZoneFit

/// Which rows of an input source are read, named as in ogr2ogr: its layer, an SQL statement to read
/// instead, an attribute filter. Shared by the input of `overlay` and `relocate` and the enterprises of
/// `fit` and `report` (the parks have their own names, `ParksOptions`).
struct LayerOptions: ParsableArguments {
    @Option(
        name: [.customShort("l"), .long],
        help: ArgumentHelp("Layer to read, for multi-layer sources.", valueName: "name"))
    var layer: String?

    @Option(
        name: .customLong("where"),
        help: ArgumentHelp(
            "OGR SQL attribute filter, e.g. \"industry_code LIKE 'C%'\"; the simple subset (=, <>, <, >, IN, LIKE, AND, OR, "
                + "NOT, IS NULL) is evaluated on zonefit's streaming CSV path, anything else through OGR.",
            valueName: "expr"))
    var whereClause: String?

    @Option(
        help: ArgumentHelp(
            "SQL whose result is read instead of a layer (the database's own SQL, e.g. PostgreSQL's, else OGR SQL).",
            valueName: "statement"))
    var sql: String?

    @Option(
        help: ArgumentHelp(
            "The row of a table (XLSX, ODS, CSV) that holds its header, for sheets with title rows above it "
                + "(default: the first row, or the first below title rows that looks like a header).",
            valueName: "n"))
    var headerRow: Int?

    @Option(
        help: ArgumentHelp(
            "How rows are placed: coordinates, coordinates,address (rows without coordinates by the district their "
                + "住所/经营场所 names) or coordinates,address,uscc (then by their USCC's registering authority). "
                + "Default: coordinates, or coordinates,address for a table without coordinate columns.",
            valueName: "tiers"))
    var placement: String?

    func validate() throws {
        if layer != nil && sql != nil { throw ValidationError("-l and --sql exclude each other") }
        if let headerRow, headerRow < 1 { throw ValidationError("--header-row takes a row number from 1") }
    }

    /// Sets the request's layer, filter, statement, header row and placement tiers.
    func apply(to request: inout OverlayRequest) throws {
        request.placement = try placement.map(PlacementTiers.init(option:))
        request.layer = layer
        request.whereClause = whereClause
        request.sql = sql
        request.headerRow = headerRow
    }
}
