import ArgumentParser
import ZoneFit

/// The parks layer of `relocate` and `report`, read as the enterprises are: a file, a `/vsi` path or a
/// database (`PG:…`), with its layer, filter or SQL named as in ogr2ogr.
struct ParksOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Parks layer (e.g. GeoData/chengdu/parks.geojson, /vsizip/parks.zip/parks.shp, \"PG:dbname=plan\").",
            valueName: "source"))
    var parks: String?

    @Option(help: ArgumentHelp("Layer of --parks to read, for multi-layer sources.", valueName: "name"))
    var parksLayer: String?

    @Option(help: ArgumentHelp("Attribute filter on the parks (OGR SQL).", valueName: "expr"))
    var parksWhere: String?

    @Option(
        help: ArgumentHelp(
            "SQL whose result is read as the parks (the database's own SQL, else OGR SQL).", valueName: "statement"))
    var parksSql: String?

    @Option(
        help: ArgumentHelp(
            "The parks layer's own headers: a TOML file with a [fields] table (accepts = [\"承接产业类别\"], id, name, "
                + "leading_industries, chains, spare_land_ha), tried before zonefit's names.",
            valueName: "file"))
    var parksColumns: String?

    func validate() throws {
        if parks == nil && (parksLayer != nil || parksWhere != nil || parksSql != nil || parksColumns != nil) {
            throw ValidationError("--parks-layer, --parks-where, --parks-sql and --parks-columns go with --parks")
        }
        if parksLayer != nil && parksSql != nil {
            throw ValidationError("--parks-layer and --parks-sql exclude each other")
        }
    }

    /// `--parks-columns` read (no names without it).
    func columnNames() throws -> ParkColumnNames {
        try parksColumns.map(ParkColumnNames.init(contentsOf:)) ?? ParkColumnNames()
    }

    /// The parks as a source, nil without --parks.
    var source: SourceReference? {
        parks.map { SourceReference($0, layer: parksLayer, filter: parksWhere, sql: parksSql) }
    }
}
