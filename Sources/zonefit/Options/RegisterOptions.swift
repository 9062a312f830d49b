import ArgumentParser
import ZoneFit

/// How each of several registers is read, for the commands that compare periods (`diff`, `monitor`):
/// the same layer, filter, placement and CRS for every one.
struct RegisterOptions: ParsableArguments {
    @OptionGroup var layerOptions: LayerOptions

    @Option(
        name: [.customShort("s"), .customLong("src-crs")],
        help: ArgumentHelp("CRS of every register (EPSG code, PROJ definition, gcj02, bd09).", valueName: "crs"))
    var sourceCRS: String?

    /// The overlay request for one register, its fields named by `names`, with no output.
    func request(for input: String, names: FieldNames, command: String) throws -> OverlayRequest {
        var request = OverlayRequest(input: input, output: nil)
        try layerOptions.apply(to: &request)
        request.fieldNames = names
        request.command = command
        request.sourceCRS = try parseSourceCRS(sourceCRS, of: input)
        return request
    }
}
