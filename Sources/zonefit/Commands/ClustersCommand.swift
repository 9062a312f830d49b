import ArgumentParser
import Foundation
import ZoneFit

struct ClustersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clusters",
        abstract: "Where each industrial chain (产业链) concentrates: location quotients, hot spots, coverage (建圈强链).",
        discussion: """
            For every chain of the chain table (GeoData/rules/chains.csv, or --chains): the location quotient \
            (区位熵) of each unit by firms, employees and revenue, LQ = (chain in unit ÷ all in unit) ÷ (chain in \
            city ÷ all in city), "all" being every placed firm with a readable industry code, with the counts it \
            came from; a unit with fewer than --min-firms firms or fewer than 5 in the chain is not reliable and \
            not ranked. On a grid of --cell metres in the scheme's projected CRS (every cell holding part of the city): \
            Getis-Ord Gi* z-scores (binary distance band of 1.5 cells with the cell itself, or --knn), normal \
            p-values with a Benjamini-Hochberg correction, and Local Moran's I (row-standardised) with its \
            quadrant and a seeded permutation p-value. Coverage: the units holding the chain leaders (链主) and \
            the chain's links with no firm in the city (补链).

            Writes the unit polygons (-o, one feature per unit and chain) with <stem>.csv, the grid cells \
            (--grid, default <stem>.grid.geojson or .grid.gpkg), <stem>.coverage.csv and <stem>.json.
            """)

    @OptionGroup var enterpriseOptions: EnterpriseOptions

    @OptionGroup var schemeOptions: SchemeOptions

    @OptionGroup var rulesOptions: RulesOptions

    @Option(
        help: ArgumentHelp(
            "Chain table (CSV: plan, chain, chain_zh, code_prefix); default the rule profile's.", valueName: "file"))
    var chains: String?

    @Option(help: ArgumentHelp("The plan version to read where the chain table holds several.", valueName: "id"))
    var plan: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Output file for the units' location quotients (.geojson, .gpkg, .fgb, .shp, .csv …).", valueName: "file"))
    var output: String

    @Option(
        name: [.customShort("f"), .customLong("of")],
        help: "Output format: GeoJSON, GeoJSONSeq, GPKG, FlatGeobuf, \"ESRI Shapefile\", CSV, XLSX.")
    var format: String?

    @Option(help: ArgumentHelp("Output file for the grid cells (any output format).", valueName: "file"))
    var grid: String?

    @OptionGroup var outputCRS: OutputCRSOption

    @Option(help: ArgumentHelp("What a chain is measured by: firms, employees or revenue.", valueName: "measure"))
    var measure: ChainMeasure = .firms

    @Option(help: ArgumentHelp("Grid cell size in metres.", valueName: "m"))
    var cell: Double = ClustersRequest.defaultCellSize

    @Option(help: ArgumentHelp("Distance band in metres (default 1.5 × --cell).", valueName: "m"))
    var band: Double?

    @Option(help: ArgumentHelp("k-nearest-cell weights instead of a distance band.", valueName: "k"))
    var knn: Int?

    @Option(help: ArgumentHelp("Significance level (FDR q for Gi*, pseudo p for Local Moran).", valueName: "α"))
    var alpha: Double = 0.05

    @Option(help: ArgumentHelp("Permutations for Local Moran's p-values (0: none).", valueName: "n"))
    var permutations: Int = 999

    @Option(help: ArgumentHelp("Random seed of the permutations.", valueName: "n"))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Fewest firms in a unit for a reliable, ranked LQ.", valueName: "n"))
    var minFirms: Int = 30

    @Flag(help: "Write only the grid cells holding a firm of some chain (the statistics use every cell).")
    var nonzero = false

    func validate() throws {
        if enterpriseOptions.enterprises == nil { throw ValidationError("--enterprises is required") }
        if !(cell > 0 && cell <= 100_000) { throw ValidationError("--cell takes a number of metres from 0 to 100000") }
        if let band, !(band > 0 && band.isFinite) { throw ValidationError("--band takes a positive number of metres") }
        if let knn, knn < 1 { throw ValidationError("--knn takes a number ≥ 1") }
        if band != nil && knn != nil { throw ValidationError("--band and --knn do not go together") }
        if !(alpha > 0 && alpha < 1) { throw ValidationError("--alpha takes a number between 0 and 1") }
        if permutations < 0 { throw ValidationError("--permutations takes a number ≥ 0") }
        if minFirms < 0 { throw ValidationError("--min-firms takes a number ≥ 0") }
    }

    func run() throws {
        try reportingErrors {
            let layer = try schemeOptions.build()
            var rules = try rulesOptions.load()
            if chains != nil || plan != nil {
                let path = chains ?? rules.classification.chains.path ?? ""
                rules = rules.replacingChains(
                    try ChainTable(contentsOf: path, plan: plan, codes: rules.classification))
            }
            guard let enterprises = try enterpriseOptions.overlayRequest(output: output) else { return }
            var request = ClustersRequest(enterprises: enterprises, output: output)
            request.format = format
            request.grid = grid
            request.targetCRS = outputCRS.dstCRS
            request.measure = measure
            request.cellSize = cell
            request.weights = knn.map { .nearest(k: $0) } ?? band.map { .band(metres: $0) }
            request.alpha = alpha
            request.permutations = permutations
            request.seed = seed
            request.minimumFirms = minFirms
            request.nonzeroOnly = nonzero
            let result = try ClustersRun.run(request, rules: rules, layer: layer)
            let summary = result.enterprises
            for line in summary.reading { note("enterprises \(line)") }
            for line in summary.report(layer)
            where ["reconciliation", "rejected", "unit uncertain"].contains(where: line.hasPrefix) {
                note("enterprises \(line)")
            }
            print(ClusterTable.render(result))
            if result.cityFirms == 0 {
                note("note: no placed firm has a readable industry code (see --columns): every quotient is empty")
            }
            if result.offGrid > 0 {
                note("note: \(result.offGrid) chain firms lie on no grid cell (not in the hot spots)")
            }
            note("wrote \(result.written.joined(separator: ", "))")
        }
    }
}

extension ChainMeasure: ExpressibleByArgument {}
