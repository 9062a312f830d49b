import Foundation

/// Reads a file in large blocks with read(2), straight into a new array.
/// FileHandle.read(upToCount:) on Linux goes through a Data built by 4 KiB
/// reads (37,000 system calls for a 150 MB CSV), which the streaming path
/// cannot afford.
public final class BlockReader: @unchecked Sendable {
    private let descriptor: Int32

    public init(path: String) throws {
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw GeoKitError(.system, "cannot read (\(String(cString: strerror(errno))))") }
    }

    deinit { close(descriptor) }

    /// Up to `count` bytes; fewer only at the end of the file, none after it.
    public func read(upTo count: Int) throws -> [UInt8] {
        var failure: Int32 = 0
        let block = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var total = 0
            while total < count, let base = buffer.baseAddress {
                let got = Foundation.read(descriptor, base + total, count - total)
                if got < 0 && errno == EINTR { continue }
                if got < 0 { failure = errno }
                if got <= 0 { break }
                total += got
            }
            initialized = total
        }
        guard failure == 0 else { throw GeoKitError(.system, "cannot read (\(String(cString: strerror(failure))))") }
        return block
    }
}
