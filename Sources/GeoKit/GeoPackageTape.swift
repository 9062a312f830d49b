/// The rows a `GeoPackageWriter` inserts, written by worker threads into a
/// `ByteBuffer` and read back by the writer thread: per row the feature id,
/// the geometry, then one tagged value per field, in the layer's field order.
/// Text is bound to SQLite straight from the tape, with no String made.
public enum GeoPackageTape {
    enum Tag: UInt8 {
        case null = 0
        case integer, real, text, point, wkb
    }

    /// Starts a row: its feature id (nil: SQLite numbers it) and its geometry.
    public static func beginRow(fid: Int64?, geometry: FeatureGeometry, to out: ByteBuffer) {
        out.append(raw: fid ?? noFID)
        switch geometry {
        case .none: out.append(Tag.null.rawValue)
        case .point(let x, let y): appendPoint(x: x, y: y, to: out)
        case .wkb(let bytes):
            out.append(Tag.wkb.rawValue)
            out.append(raw: UInt32(bytes.count))
            out.append(bytes)
        }
    }

    /// A row's point, for rows begun with `beginRow(fid:)`.
    public static func beginRow(fid: Int64, x: Double, y: Double, to out: ByteBuffer) {
        out.append(raw: fid)
        appendPoint(x: x, y: y, to: out)
    }

    private static func appendPoint(x: Double, y: Double, to out: ByteBuffer) {
        out.append(Tag.point.rawValue)
        out.append(raw: x)
        out.append(raw: y)
    }

    public static func appendNull(to out: ByteBuffer) { out.append(Tag.null.rawValue) }

    public static func append(integer: Int64, to out: ByteBuffer) {
        out.append(Tag.integer.rawValue)
        out.append(raw: integer)
    }

    public static func append(real: Double, to out: ByteBuffer) {
        out.append(Tag.real.rawValue)
        out.append(raw: real)
    }

    /// UTF-8 bytes.
    public static func append(text: UnsafeRawBufferPointer, to out: ByteBuffer) {
        out.append(Tag.text.rawValue)
        out.append(raw: UInt32(text.count))
        out.append(text)
    }

    public static func append(text: String, to out: ByteBuffer) {
        var text = text
        text.withUTF8 { append(text: UnsafeRawBufferPointer($0), to: out) }
    }

    /// A value in a field of `type`: a field the schema keeps as text takes any value's text,
    /// booleans are stored as 0 and 1 (GeoPackage's BOOLEAN).
    public static func append(_ value: FieldValue, as type: FieldType, to out: ByteBuffer) {
        switch value {
        case .null: appendNull(to: out)
        case .string(let text): append(text: text, to: out)
        case _ where type == .string: append(text: value.text ?? "", to: out)
        case .integer(let number): append(integer: number, to: out)
        case .real(let number): append(real: number, to: out)
        case .boolean(let flag): append(integer: flag ? 1 : 0, to: out)
        }
    }

    /// The id that says "none given".
    static let noFID = Int64.min
}

/// Reads a tape back, field by field, in the order it was written.
struct GeoPackageTapeReader {
    private let bytes: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var atEnd: Bool { offset >= bytes.count }

    mutating func tag() throws -> GeoPackageTape.Tag {
        guard offset < bytes.count, let tag = GeoPackageTape.Tag(rawValue: bytes[offset]) else {
            throw GeoKitError(.sqlite, "a GeoPackage row is malformed at byte \(offset)")
        }
        offset += 1
        return tag
    }

    mutating func raw<T: BitwiseCopyable>(_: T.Type) -> T {
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return value
    }

    /// A length-prefixed run of bytes (text or WKB).
    mutating func run() -> UnsafeRawBufferPointer {
        let count = Int(raw(UInt32.self))
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }
}
