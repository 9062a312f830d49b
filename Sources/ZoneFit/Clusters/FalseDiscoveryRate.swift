/// Benjamini–Hochberg adjusted p-values (q-values) for the many cells tested
/// at once: a cell is significant at level α when its q ≤ α, which keeps the
/// expected share of false discoveries among the significant cells under α.
public enum FalseDiscoveryRate {
    /// q for every p (nil stays nil and is not counted among the tests).
    public static func adjusted(_ pValues: [Double?]) -> [Double?] {
        let tested = pValues.indices.filter { pValues[$0] != nil }.sorted { (pValues[$0]!, $0) < (pValues[$1]!, $1) }
        let m = Double(tested.count)
        var adjusted = [Double?](repeating: nil, count: pValues.count)
        var running = 1.0
        for (rank, index) in tested.enumerated().reversed() {
            running = min(running, pValues[index]! * m / Double(rank + 1))
            adjusted[index] = running
        }
        return adjusted
    }
}
