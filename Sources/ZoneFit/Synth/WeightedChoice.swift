/// A fixed list of choices with weights, picked by binary search on the running total.
struct WeightedChoice: Sendable {
    private let cumulative: [Double]

    init(_ weights: [Double]) {
        var total = 0.0
        cumulative = weights.map {
            total += max(0, $0)
            return total
        }
    }

    var isEmpty: Bool { (cumulative.last ?? 0) <= 0 }

    func pick(_ random: inout SeededRandom) -> Int {
        let target = random.unit() * cumulative[cumulative.count - 1]
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
