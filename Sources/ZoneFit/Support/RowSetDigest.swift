import Crypto
import GeoKit

/// A hash of a table's rows that does not depend on the order they are read in:
/// the SHA-256 of each row (its FID, every field with its type, its geometry),
/// added up modulo 2²⁵⁶. A database returns a table's rows in whatever order its
/// scan gives, and that order changes with every update; the sum is the same
/// for the same rows however they come, and workers can each sum their share.
/// (The finished value is the SHA-256 of the row count and the sum.)
struct RowSetDigest: Sendable {
    private(set) var rows = 0
    /// The sum, as four 64-bit words, most significant first.
    private var sum: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    /// A row's bytes, kept between rows so that hashing a million of them allocates once.
    private var bytes: [UInt8] = []

    mutating func add(_ feature: SourceFeature) {
        bytes.removeAll(keepingCapacity: true)
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        append(feature.fid)
        for value in feature.values {
            switch value {
            case .null: bytes.append(0)
            case .integer(let number):
                bytes.append(1)
                append(number)
            case .real(let number):
                bytes.append(2)
                append(number.bitPattern)
            case .string(let text):
                bytes.append(3)
                append(UInt32(text.utf8.count))
                bytes += text.utf8
            case .boolean(let flag): bytes += [4, flag ? 1 : 0]
            }
        }
        switch feature.geometry {
        case .none: bytes.append(0)
        case .point(let x, let y):
            bytes.append(1)
            append(x.bitPattern)
            append(y.bitPattern)
        case .wkb(let wkb):
            bytes.append(2)
            append(UInt32(wkb.count))
            bytes += wkb
        }
        let words = SHA256.hash(data: bytes).withUnsafeBytes { raw in
            (0..<4).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self).bigEndian }
        }
        add((words[0], words[1], words[2], words[3]), rows: 1)
    }

    /// Adds another worker's share.
    mutating func merge(_ other: RowSetDigest) { add(other.sum, rows: other.rows) }

    private mutating func add(_ words: (UInt64, UInt64, UInt64, UInt64), rows count: Int) {
        rows += count
        var carry: UInt64 = 0
        func step(_ a: UInt64, _ b: UInt64) -> UInt64 {
            let (partial, first) = a.addingReportingOverflow(b)
            let (total, second) = partial.addingReportingOverflow(carry)
            carry = (first ? 1 : 0) + (second ? 1 : 0)
            return total
        }
        let d = step(sum.3, words.3)
        let c = step(sum.2, words.2)
        let b = step(sum.1, words.1)
        let a = step(sum.0, words.0)
        sum = (a, b, c, d)
    }

    /// The finished hash, as lower-case hex.
    var hex: String {
        var hasher = SHA256()
        var bytes: [UInt8] = []
        for word in [UInt64(rows), sum.0, sum.1, sum.2, sum.3] { withUnsafeBytes(of: word.bigEndian) { bytes += $0 } }
        hasher.update(data: bytes)
        return Provenance.hex(hasher)
    }
}
