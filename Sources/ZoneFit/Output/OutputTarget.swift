/// Where an output goes: a file written under a temporary name, or a database table (with the run's
/// rejects in the table beside it, or in a file).
enum OutputTarget {
    case file(AtomicOutput)
    case table(DatabaseTable, rejectsToTable: Bool)
}
