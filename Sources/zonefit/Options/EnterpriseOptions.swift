import ArgumentParser
import ZoneFit

/// The enterprises that `fit` and `report` aggregate: a file and how to read its coordinates.
struct EnterpriseOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Enterprises (any input overlay takes: a file, a /vsi path, a database such as \"PG:dbname=register\").",
            valueName: "source"))
    var enterprises: String?

    @OptionGroup var layerOptions: LayerOptions

    @Option(
        name: [.customLong("if", withSingleDash: true), .customLong("if")],
        help: ArgumentHelp(
            "Format of the enterprises when the path does not tell: CSV for a pipe or /dev/stdin.", valueName: "format")
    )
    var inputFormat: String?

    @Option(
        name: .customLong("x"), help: ArgumentHelp("Longitude column of the enterprises table.", valueName: "column"))
    var xField: String?

    @Option(
        name: .customLong("y"), help: ArgumentHelp("Latitude column of the enterprises table.", valueName: "column"))
    var yField: String?

    @Option(
        name: [.customShort("s"), .customLong("src-crs")],
        help: ArgumentHelp(
            "CRS of the enterprises (EPSG code, PROJ definition, gcj02, bd09).", valueName: "crs"))
    var sourceCRS: String?

    func validate() throws {
        if (xField == nil) != (yField == nil) { throw ValidationError("--x and --y go together") }
    }

    /// The overlay request for the enterprises (its output is set by the command), nil without --enterprises.
    func overlayRequest(output: String) throws -> OverlayRequest? {
        guard let enterprises else { return nil }
        var request = OverlayRequest(input: enterprises, output: output)
        request.inputFormat = inputFormat
        try layerOptions.apply(to: &request)
        request.xField = xField
        request.yField = yField
        request.sourceCRS = try parseSourceCRS(sourceCRS, of: enterprises)
        return request
    }
}
