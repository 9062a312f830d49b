import ArgumentParser
import Foundation
import ZoneFit

/// `--columns` and `--map`: which columns of the enterprises hold the register's fields, for every
/// command that reads them (the rule profile's `[fields]` and zonefit's own names are tried after).
struct ColumnOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The register's columns: a TOML file with a [fields] table as the rule profile's "
                + "(land = [\"地块面积\", …]), tried before the profile's and zonefit's own names.",
            valueName: "file"))
    var columns: String?

    @Option(
        name: .customLong("map"),
        help: ArgumentHelp(
            "The column that holds a register field, whatever the names say: land=占地面积（亩） (repeat for more; "
                + "fields: industry_code, name, uscc, revenue, value_added, tax, energy, water, land, employees, "
                + "chain_leader, keep, address, status).",
            valueName: "field=column"))
    var maps: [String] = []

    /// `names` with `--columns`, then each `--map`, tried first.
    func apply(to names: FieldNames) throws -> FieldNames {
        var names = try columns.map(names.overridden(byFile:)) ?? names
        for map in maps {
            guard let equals = map.firstIndex(of: "="), map.index(after: equals) != map.endIndex else {
                throw ZoneFitError("'\(map)': expected field=column", setting: .fieldMap)
            }
            names = try names.mapping(
                String(map[..<equals]).trimmingCharacters(in: .whitespaces),
                to: String(map[map.index(after: equals)...]))
        }
        return names
    }
}
