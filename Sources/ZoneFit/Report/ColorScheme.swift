import Foundation

/// Colour-blind-safe colours for the maps.
///
/// - Sequential: ColorBrewer YlGnBu and YlOrRd (Cynthia Brewer, Penn State; both
///   marked colour-blind safe), and viridis (matplotlib; perceptually uniform,
///   readable in grey and by the common colour-vision deficiencies).
/// - Diverging: ColorBrewer RdBu (colour-blind safe), losses red, gains blue.
/// - Categorical: Okabe & Ito (2008), eight colours distinguishable under
///   protanopia, deuteranopia and tritanopia.
public enum ColorScheme {
    public static let ylGnBu = [
        "#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58",
    ]
    public static let ylOrRd = [
        "#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026",
    ]
    public static let viridis = [
        "#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725",
    ]

    public static let rdBu = ["#b2182b", "#ef8a62", "#f7f7f7", "#67a9cf", "#2166ac"]

    /// Okabe-Ito: orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black.
    public static let okabeIto = [
        "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
    ]

    /// The colour of each zone class.
    public static func zone(_ zone: ZoneClass) -> String {
        switch zone {
        case .central: return okabeIto[0]
        case .newArea: return okabeIto[1]
        case .suburban: return okabeIto[2]
        }
    }

    /// Fill for units a map does not measure (outside the central city on the relocation map).
    public static let noData = "#e6e6e6"

    /// `count` colours spread evenly over a palette, light to dark.
    public static func classes(_ count: Int, from palette: [String]) -> [String] {
        guard count > 1 else { return [palette[palette.count / 2]] }
        return (0..<count).map { palette[Int((Double($0) * Double(palette.count - 1) / Double(count - 1)).rounded())] }
    }

    /// Black or white, whichever reads better on `hex` (WCAG relative luminance).
    public static func textColor(on hex: String) -> String {
        let digits = hex.dropFirst()
        guard digits.count == 6, let value = UInt32(digits, radix: 16) else { return "#000000" }
        func channel(_ shift: UInt32) -> Double {
            let c = Double((value >> shift) & 0xFF) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let luminance = 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
        return luminance > 0.18 ? "#000000" : "#ffffff"
    }
}
