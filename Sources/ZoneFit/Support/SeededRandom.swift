import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast, seedable generator.
///
/// Every synthetic firm draws from its own stream, seeded from the run's seed
/// and the firm's number, so a firm does not depend on how rows are split
/// between workers: the output is the same for a seed whatever the thread count.
/// The clusters' permutation tests draw from it the same way, a stream per chain.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// The stream of firm `index` in a run with `seed`.
    init(seed: UInt64, stream index: UInt64) {
        var mixer = SeededRandom(seed: seed ^ 0x5EED_F1E1_D5EE_D000)
        state = mixer.next() &+ index &* 0x9E37_79B9_7F4A_7C15
        _ = next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 53 bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform integer in 0..<bound.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// Standard normal (Box–Muller; one value per call keeps streams simple).
    mutating func normal() -> Double {
        let u = max(unit(), 0x1.0p-60)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * unit())
    }

    /// Log-normal with the given median and log-scale spread σ.
    mutating func logNormal(median: Double, sigma: Double) -> Double {
        median * exp(sigma * normal())
    }
}
