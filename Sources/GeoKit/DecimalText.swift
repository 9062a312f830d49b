/// Reads plain decimal numbers ("104.058510", "-3", "0.5") straight from
/// bytes, for the millions of coordinate cells of a big CSV, where making a
/// String and calling strtod for each costs more than placing the point.
///
/// Only what is certainly exact takes this path (Clinger's fast path): at most
/// 15 significant digits and 22 decimals, so the digits and the power of ten
/// are both exact doubles and the one division rounds correctly — the same
/// double strtod gives. Anything else (exponents, spaces, full-width digits,
/// more digits) returns nil for the full parser to decide.
public enum DecimalText {
    /// 10^0 … 10^22, each exact in a double.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// An optional minus, digits, and an optional point followed by digits; nil otherwise.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Double? {
        let count = bytes.count
        guard count > 0, count <= 40 else { return nil }
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        /// Reads a run of digits; returns how many.
        func digits() -> Int {
            let start = index
            while index < count {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                if mantissa != 0 { significant += 1 }
                guard significant <= 15 else { return -1 }
                index += 1
            }
            return index - start
        }
        guard digits() > 0 else { return nil }
        var decimals = 0
        if index < count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            decimals = digits()
            guard decimals > 0 else { return nil }
        }
        guard index == count, decimals <= 22 else { return nil }
        let value = Double(mantissa) / powersOfTen[decimals]
        return negative ? -value : value
    }

    /// An optional minus and 1 to 18 digits (always within Int64); nil otherwise.
    public static func integer(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let negative = bytes.first == UInt8(ascii: "-")
        let start = negative ? 1 : 0
        guard bytes.count > start, bytes.count - start <= 18 else { return nil }
        var value: Int64 = 0
        for index in start..<bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return negative ? -value : value
    }
}
