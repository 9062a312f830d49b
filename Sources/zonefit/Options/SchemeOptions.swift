import ArgumentParser
import ZoneFit

/// `--scheme`, shared by every command that places features in zones.
struct SchemeOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Zone scheme file (TOML). Default: $ZONEFIT_SCHEME, else the shipped GeoData/chengdu/zones.toml.",
            valueName: "file"))
    var scheme: String?

    /// Loads the scheme and its built units (from the cache when the inputs are unchanged).
    func build() throws -> ZoneLayer {
        guard let path = scheme ?? ZoneScheme.defaultPath() else {
            throw ZoneFitError(
                "no zone scheme: give --scheme FILE or set ZONEFIT_SCHEME (GeoData/chengdu/zones.toml was not found)")
        }
        return try ZoneLayerCache.layer(ZoneScheme(contentsOf: path))
    }
}
