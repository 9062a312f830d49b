import ArgumentParser
import Foundation
import ZoneFit

struct ZonesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zones",
        abstract: "Build and check the statistical units of a zone scheme; print them and write the unit layer.",
        discussion: """
            Each functional area (城市新区) is clipped to the city and takes its ground from the districts \
            it covers; each district keeps the rest. The checks report gaps and overlaps between districts, \
            functional-area ground outside the city, and invalid geometries repaired with GEOS MakeValid. \
            Areas are computed in the scheme's projected CRS (EPSG:4544 for Chengdu).
            """)

    @OptionGroup var schemeOptions: SchemeOptions

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Write the unit layer here (GeoJSON, GPKG, FlatGeobuf, Shapefile, CSV …), or to a PostGIS database, "
                + "\"PG:host=… dbname=…\" (table units unless --nln).",
            valueName: "file"))
    var output: String?

    @Option(
        name: [.customShort("f"), .customLong("of")],
        help: "Output format (GDAL driver name); default from the extension.")
    var format: String?

    @OptionGroup var tableOptions: TableOptions

    @OptionGroup var outputCRS: OutputCRSOption

    func validate() throws { try tableOptions.check(output: output, format: format) }

    func run() throws {
        try reportingErrors {
            let layer = try schemeOptions.build()
            print(UnitTable.render(layer))
            for line in UnitTable.checks(layer, try ZoneTiling.measure(layer)) { note(line) }
            if let output {
                let table = try UnitLayerExport.write(
                    layer, to: output, format: format, crs: outputCRS.dstCRS, tableName: tableOptions.tableName,
                    writeMode: tableOptions.writeMode)
                note("wrote \(layer.units.count) units to \(table)")
            }
        }
    }
}
