import ArgumentParser
import Foundation
import ZoneFit

/// `--rules`: the relocation rule profile (non-core categories, codes, chains).
struct RulesOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Relocation rule profile (TOML). Default: $ZONEFIT_RULES, else the shipped GeoData/rules/noncore.toml.",
            valueName: "file"))
    var rules: String?

    @OptionGroup var columnOptions: ColumnOptions

    /// The profile given, else the shipped one, with `--columns` and `--map` applied; `alias` is a deprecated
    /// option's value.
    func load(alias: String? = nil) throws -> NoncoreProfile {
        guard let path = rules ?? alias ?? NoncoreProfile.defaultPath() else {
            throw ZoneFitError("no rule profile: give --rules FILE or set ZONEFIT_RULES")
        }
        var profile = try NoncoreProfile(contentsOf: path)
        profile.fieldNames = try columnOptions.apply(to: profile.fieldNames)
        return profile
    }
}

/// `--fit-profile`: the fit's indicators, methods and bands. `--profile` is its
/// old name in `fit` and `report`, kept hidden for one release.
struct FitProfileOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Fit profile (TOML). Default: $ZONEFIT_FIT_PROFILE, else fit-profile.toml beside the scheme.",
            valueName: "file"))
    var fitProfile: String?

    @Option(name: .customLong("profile"), help: .hidden)
    var deprecatedProfile: String?

    func load() throws -> FitProfile {
        if deprecatedProfile != nil { deprecated("--profile", "--fit-profile") }
        guard let path = fitProfile ?? deprecatedProfile ?? FitProfile.defaultPath() else {
            throw ZoneFitError("no fit profile: give --fit-profile FILE or set ZONEFIT_FIT_PROFILE")
        }
        return try FitProfile(contentsOf: path)
    }
}

/// `--targets`: the plan's 2025 targets that the report tracks.
struct TargetsOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Target table (TOML). Default: $ZONEFIT_TARGETS, else GeoData/rules/targets.toml.", valueName: "file"))
    var targets: String?

    func load() throws -> TargetTable {
        guard let path = targets ?? TargetTable.defaultPath() else {
            throw ZoneFitError("no target table: give --targets FILE or set ZONEFIT_TARGETS")
        }
        return try TargetTable(contentsOf: path)
    }
}

/// A note that an old option name was used; it keeps working for this release.
func deprecated(_ old: String, _ new: String) {
    note("note: \(old) is deprecated here and will be removed; use \(new)")
}
