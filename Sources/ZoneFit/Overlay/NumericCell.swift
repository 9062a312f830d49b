import Foundation
import GeoKit

/// Reads a number written in a table cell (coordinates, revenue, land …).
enum NumericCell {
    enum Problem: Error {
        case missing
        case nonNumeric(String)
        case notFinite(String)
    }

    /// Accepts ASCII or full-width digits and surrounding spaces; refuses
    /// empty cells, text, NaN and infinities.
    static func parse(_ value: FieldValue) throws(Problem) -> Double {
        switch value {
        case .null: throw .missing
        case .integer(let number): return Double(number)
        case .real(let number):
            guard number.isFinite else { throw .notFinite(String(number)) }
            return number
        case .boolean(let flag): throw .nonNumeric(String(flag))
        case .string(let raw):
            // Fast path: plain ASCII numbers, the common case on millions of rows.
            if let number = Double(raw) {
                guard number.isFinite else { throw .notFinite(raw) }
                return number
            }
            let text = String(
                raw.unicodeScalars.map { scalar -> Character in
                    // Full-width digits, point and minus (U+FF10…U+FF19, U+FF0E, U+FF0D) → ASCII.
                    switch scalar.value {
                    case 0xFF10...0xFF19: return Character(UnicodeScalar(scalar.value - 0xFF10 + 0x30)!)
                    case 0xFF0E: return "."
                    case 0xFF0D: return "-"
                    default: return Character(scalar)
                    }
                }
            ).trimmingCharacters(in: .whitespaces)
            if text.isEmpty { throw .missing }
            guard let number = Double(text) else { throw .nonNumeric(raw) }
            guard number.isFinite else { throw .notFinite(raw) }
            return number
        }
    }
}
