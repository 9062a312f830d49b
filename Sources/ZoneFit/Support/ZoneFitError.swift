/// A failure a planner can act on: one line naming the file, the row or
/// feature, the field and what was expected. The library speaks of fields and
/// values; `setting` says which setting the error is about, so a front end
/// can name its own option for it.
public struct ZoneFitError: Error, CustomStringConvertible, Sendable {
    /// The settings an error can point at.
    public enum Setting: Sendable, Equatable {
        case coordinateColumns, headerRow, placement, fieldMap, outputFormat, sourceCRS, pdf, reportFolder, weights,
            enterprises,
            rules,
            filter
        /// The field two registers are matched by.
        case key
        /// The type of an input column (see `ColumnTypes`).
        case types(column: String)
        /// The CRS an output is written in.
        case targetCRS
        /// What happens to a text too long for a Shapefile field.
        case longText
        /// What happens to an output table that exists already.
        case tableExists
        /// The overlay run in the database.
        case inDatabase
    }

    public let message: String
    public let setting: Setting?

    /// A password in `message` (a connection string's) is replaced by `***`: errors reach consoles and logs.
    public init(_ message: String, setting: Setting? = nil) {
        self.message = DataSourceName.redacted(message)
        self.setting = setting
    }

    /// "<file>: <what>" — the form every input error takes.
    public init(file: String, _ what: String, setting: Setting? = nil) {
        self.init("\(file): \(what)", setting: setting)
    }

    /// The same error about `file`.
    public func about(file: String) -> ZoneFitError { ZoneFitError(file: file, message, setting: setting) }

    public var description: String { message }
}
