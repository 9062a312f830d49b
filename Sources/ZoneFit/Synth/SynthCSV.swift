import Foundation
import GeoKit

/// A buffered CSV writer for synthetic firms.
///
/// OGR's CSV driver makes a feature and sets every field through the C API for
/// each row; for tens of millions of rows zonefit writes the text itself, in the
/// same form as its OGR CSV outputs: a UTF-8 BOM (so Excel shows Chinese text),
/// quotes only where needed, LF line ends.
final class SynthCSV {
    private let file: BufferedFile

    init(path: String, fields: [String]) throws {
        do {
            file = try BufferedFile(path: path)
        } catch {
            throw ZoneFitError(file: path, "cannot create the output")
        }
        var header: [UInt8] = [0xEF, 0xBB, 0xBF]
        for (index, field) in fields.enumerated() {
            if index > 0 { header.append(UInt8(ascii: ",")) }
            Self.appendQuotedIfNeeded(field, to: &header)
        }
        header.append(UInt8(ascii: "\n"))
        try file.write(bytes: header)
    }

    func write(_ bytes: [UInt8]) throws { try file.write(bytes: bytes) }

    func close() throws { try file.close() }

    static func appendQuotedIfNeeded(_ text: String, to line: inout [UInt8]) {
        let bytes = text.utf8
        guard bytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 })
        else {
            line.append(contentsOf: bytes)
            return
        }
        line.append(UInt8(ascii: "\""))
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { line.append(byte) }
            line.append(byte)
        }
        line.append(UInt8(ascii: "\""))
    }

    /// `value` with exactly `decimals` decimals, without Foundation formatting (fast, locale-free).
    static func appendFixed(_ value: Double, decimals: Int, to line: inout [UInt8]) {
        var scale: Int64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((abs(value) * Double(scale)).rounded())
        if value < 0 && scaled != 0 { line.append(UInt8(ascii: "-")) }
        line.append(contentsOf: String(scaled / scale).utf8)
        guard decimals > 0 else { return }
        line.append(UInt8(ascii: "."))
        let fraction = String(scaled % scale).utf8
        for _ in 0..<(decimals - fraction.count) { line.append(UInt8(ascii: "0")) }
        line.append(contentsOf: fraction)
    }
}
