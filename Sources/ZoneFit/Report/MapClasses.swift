import Foundation

/// A classed colour scale for a choropleth: breaks b0 < b1 < … < bn and one
/// colour per class [b(i), b(i+1)), the last class closed.
public struct MapClasses: Sendable {
    public var breaks: [Double]
    public var colors: [String]
    /// How the breaks print in the legend.
    public var format: @Sendable (Double) -> String

    public init(breaks: [Double], colors: [String], format: @escaping @Sendable (Double) -> String) {
        precondition(breaks.count == colors.count + 1)
        self.breaks = breaks
        self.colors = colors
        self.format = format
    }

    /// The class of a value (values outside the breaks go to the nearest end class).
    public func index(of value: Double) -> Int {
        for i in 0..<colors.count where value < breaks[i + 1] { return i }
        return colors.count - 1
    }

    public func color(_ value: Double) -> String { colors[index(of: value)] }

    /// Up to `count` classes at quantiles of the values, breaks rounded to two
    /// significant figures (duplicates merged), light to dark on `palette`.
    public static func quantiles(
        _ values: [Double], count: Int, palette: [String],
        format: @escaping @Sendable (Double) -> String
    ) -> MapClasses {
        let sorted = values.filter(\.isFinite).sorted()
        guard let low = sorted.first, let high = sorted.last, high > low else {
            let value = sorted.first ?? 0
            return MapClasses(breaks: [value, value], colors: ColorScheme.classes(1, from: palette), format: format)
        }
        var breaks = [round2(low, down: true)]
        for k in 1..<count {
            let position = Double(k) * Double(sorted.count - 1) / Double(count)
            let value = round2(sorted[Int(position.rounded())], down: false)
            if value > breaks.last! && value < high { breaks.append(value) }
        }
        breaks.append(round2(high, down: false))
        if breaks.last! <= breaks[breaks.count - 2] { breaks[breaks.count - 1] = high }
        return MapClasses(breaks: breaks, colors: ColorScheme.classes(breaks.count - 1, from: palette), format: format)
    }

    /// Two significant figures, rounded outward at the ends so every value falls inside.
    static func round2(_ value: Double, down: Bool) -> Double {
        guard value != 0, value.isFinite else { return value }
        let magnitude = pow(10, floor(log10(abs(value))) - 1)
        return (down ? floor(value / magnitude) : ceil(value / magnitude)) * magnitude
    }
}
