/// Names for the columns a writer adds itself (a key, a geometry) beside the fields given.
enum ColumnName {
    /// `name`, or `name_1`, `name_2` … where a field already has it; `taken` holds the fields' names in
    /// lower case (SQLite's and PostgreSQL's folded names clash whatever their case).
    static func unused(_ name: String, _ taken: Set<String>) -> String {
        var candidate = name
        var suffix = 0
        while taken.contains(candidate.lowercased()) {
            suffix += 1
            candidate = "\(name)_\(suffix)"
        }
        return candidate
    }
}
