import ZoneFit

extension ZoneFitError.Setting {
    /// The options that change this setting, named at the end of an error about it.
    var options: String {
        switch self {
        case .coordinateColumns: "--x and --y"
        case .headerRow: "--header-row"
        case .placement: "--placement"
        case .fieldMap: "--map"
        case .outputFormat: "-f/--of"
        case .sourceCRS: "-s/--src-crs"
        case .pdf: "--pdf"
        case .reportFolder: "-o"
        case .weights: "--weights"
        case .enterprises: "--enterprises"
        case .rules: "--rules"
        case .filter: "--where"
        case .key: "--key"
        case .types(let column): "--types \(column)=String, or --no-types for every column"
        case .targetCRS: "-t/--dst-crs"
        case .longText: "--long-text-csv to write such texts whole beside the Shapefile"
        case .tableExists: "--overwrite or --append"
        case .inDatabase: "--in-database"
        }
    }
}
