/// What the report's "changes since last period" section reads (`report
/// --previous`): the previous register compared with this one as `diff`
/// compares them, and the targets measured on the previous register.
public struct ReportChanges: Sendable {
    /// A non-core firm new in a core district (entered, or moved into one): a conflict with the plan.
    public struct Conflict: Sendable {
        public var key: String
        public var name: String?
        public var unit: String
        public var code: String?
        public var category: String?
        public var entered: Bool
    }

    /// The previous register as the report names it.
    public var previousName: String
    public var summary: ChangeSummary
    public var progress: RelocationProgress
    public var conflicts: [Conflict]
    /// The previous register's target rows, in the order of the current ones.
    public var previousTargets: [TargetTable.Row]
    public var parksGiven: Bool

    /// The conflicts listed in the section (all are in data/changes.csv).
    static let listedConflicts = 30
}
