import CGEOS

/// One GEOS context handle (`GEOS_init_r` … `GEOS_finish_r`).
///
/// A context is never shared between threads: each worker makes its own and
/// keeps it, with the geometries made in it, for a whole batch. GEOS reports
/// errors through a per-context message handler; the last message is kept
/// here and turned into a thrown `GeoKitError` by `check(_:)`.
public final class GEOSContext {
    let handle: OpaquePointer
    private let messages: MessageBox

    private final class MessageBox {
        var last: String?
    }

    public init() throws {
        guard let handle = GEOS_init_r() else {
            throw GeoKitError(.geos, "GEOS_init_r returned NULL")
        }
        self.handle = handle
        self.messages = MessageBox()
        // The box lives as long as the context; the handler only borrows it.
        GEOSContext_setErrorMessageHandler_r(
            handle,
            { message, userdata in
                guard let message, let userdata else { return }
                Unmanaged<MessageBox>.fromOpaque(userdata).takeUnretainedValue().last =
                    String(cString: message)
            },
            Unmanaged.passUnretained(messages).toOpaque())
    }

    deinit { GEOS_finish_r(handle) }

    /// The GEOS library's version, e.g. "3.11.1-CAPI-1.17.1".
    public static var version: String { String(cString: GEOSversion()) }

    /// The message of the last GEOS error in this context, cleared on read.
    func takeError(_ fallback: String) -> GeoKitError {
        defer { messages.last = nil }
        return GeoKitError(.geos, messages.last ?? fallback)
    }

    /// Wraps a returned geometry pointer; NULL means GEOS raised an exception.
    func geometry(_ pointer: OpaquePointer?, _ what: String) throws -> Geometry {
        guard let pointer else { throw takeError("\(what) failed") }
        return Geometry(owning: pointer, in: self)
    }

    /// GEOS predicates return 1 (true), 0 (false) or 2 (exception).
    func predicate(_ result: CChar, _ what: String) throws -> Bool {
        switch result {
        case 1: return true
        case 0: return false
        default: throw takeError("\(what) failed")
        }
    }

    /// GEOS status calls return 0 on exception.
    func status(_ result: Int32, _ what: String) throws {
        if result == 0 { throw takeError("\(what) failed") }
    }
}
