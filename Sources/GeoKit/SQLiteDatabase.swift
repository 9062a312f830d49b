import CSQLite

/// One SQLite connection, used from one thread (opened without SQLite's own
/// mutexes, which cost a lock per call on the hot insert path).
final class SQLiteDatabase {
    let handle: OpaquePointer
    private var closed = false

    /// Opens (creating) `path` for reading and writing.
    init(path: String) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close(handle)
            throw GeoKitError(.sqlite, message)
        }
        self.handle = handle
    }

    deinit { if !closed { sqlite3_close_v2(handle) } }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? lastError
            sqlite3_free(message)
            throw GeoKitError(.sqlite, text)
        }
    }

    func prepare(_ sql: String) throws -> SQLiteStatement { try SQLiteStatement(self, sql) }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    /// Closes now, reporting a failure (`deinit` would swallow it).
    func close() throws {
        let code = sqlite3_close(handle)
        closed = code == SQLITE_OK
        guard code == SQLITE_OK else { throw GeoKitError(.sqlite, String(cString: sqlite3_errstr(code))) }
    }
}

/// A prepared statement. Text and blobs are bound without a copy: the bytes
/// must stay valid until the next `step`/`reset`.
final class SQLiteStatement {
    private let database: SQLiteDatabase
    let handle: OpaquePointer

    fileprivate init(_ database: SQLiteDatabase, _ sql: String) throws {
        var handle: OpaquePointer?
        guard sqlite3_prepare_v2(database.handle, sql, -1, &handle, nil) == SQLITE_OK, let handle else {
            throw GeoKitError(.sqlite, database.lastError)
        }
        self.database = database
        self.handle = handle
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ index: Int32, integer: Int64) { sqlite3_bind_int64(handle, index, integer) }
    func bind(_ index: Int32, real: Double) { sqlite3_bind_double(handle, index, real) }
    func bindNull(_ index: Int32) { sqlite3_bind_null(handle, index) }

    func bind(_ index: Int32, text: UnsafeRawBufferPointer) {
        // A valid non-null pointer for empty text: a null one would bind NULL.
        let start = text.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        sqlite3_bind_text(handle, index, start.assumingMemoryBound(to: CChar.self), Int32(text.count), nil)
    }

    func bind(_ index: Int32, blob: UnsafeRawBufferPointer) {
        let start = blob.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        sqlite3_bind_blob(handle, index, start, Int32(blob.count), nil)
    }

    func bind(_ index: Int32, text: String) {
        // SQLITE_TRANSIENT: SQLite copies the text, which lives only for this call.
        sqlite3_bind_text(handle, index, text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }

    /// Runs an insert or update: steps once and resets for the next row.
    func run() throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else { throw GeoKitError(.sqlite, database.lastError) }
    }

    /// Steps a query: true while a row is ready.
    func next() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw GeoKitError(.sqlite, database.lastError)
        }
    }

    func blob(_ column: Int32) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(
            start: sqlite3_column_blob(handle, column), count: Int(sqlite3_column_bytes(handle, column)))
    }
}
