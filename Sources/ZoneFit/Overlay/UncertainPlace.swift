import GeoKit

/// Where a row placed by its register entry may lie, as an analysis sees it
/// when its unit is uncertain (a 武侯区 address, part of whose ground is
/// 高新区): the district and the candidate units, never one of them as if it
/// were known. An analysis decides what a district is enough for.
public struct UncertainPlace: WorkerPlace {
    /// How the row was placed: by its address or its USCC.
    let tier: DescribedPlace.Tier
    /// The candidate units' indices, ascending (more than one, or none where the district holds no unit).
    public let unitIndices: [Int]
    /// The district the entry names, where it names one.
    public let adcode: String?
    /// Not retained, as in `PlacedRow`.
    unowned(unsafe) let worker: OverlayWorker

    init(_ place: DescribedPlace, worker: OverlayWorker) {
        tier = place.tier
        unitIndices = place.candidates
        adcode = place.adcode
        self.worker = worker
    }

    public var units: [ZoneUnit] { unitIndices.map { worker.layer.units[$0] } }
    /// The number of units in the scheme, for per-unit tallies kept in arrays.
    public var unitCount: Int { worker.layer.units.count }
    /// The district's name in Chinese and English, where the entry names one.
    public var district: (zh: String, en: String)? {
        guard let adcode, let cell = worker.layer.cells.first(where: { $0.adcode == adcode }) else { return nil }
        return (cell.district, cell.districtEn)
    }

    /// State `owner` keeps on the placing worker (see `PlacedRow.workerState`).
    public func workerState<State: AnyObject>(for owner: AnyObject, _ make: () -> State) -> State {
        worker.state(for: owner, make)
    }
}
