import Foundation

/// A write-only file with a 1 MiB buffer, for the writers zonefit streams
/// itself (GeoJSON, synthetic CSV) where OGR's per-feature calls cost too much.
public final class BufferedFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let limit = 1 << 20

    public init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw GeoKitError(.system, "cannot create \(path)")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        buffer.reserveCapacity(limit + 65_536)
    }

    public func write(_ text: String) throws { try write(bytes: text.utf8) }

    public func write<Bytes: Sequence>(bytes: Bytes) throws where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit {
            try handle.write(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// A large block goes straight to the file rather than through the buffer.
    public func write(block: ByteBuffer) throws {
        try block.withUnsafeBytes { bytes in
            guard bytes.count >= limit else { return try write(bytes: bytes) }
            if !buffer.isEmpty {
                try handle.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
            try handle.write(contentsOf: bytes)
        }
    }

    public func close() throws {
        if !buffer.isEmpty { try handle.write(contentsOf: buffer) }
        buffer.removeAll()
        try handle.close()
    }
}
