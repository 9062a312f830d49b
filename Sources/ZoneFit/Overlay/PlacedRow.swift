import GeoKit

/// A row's place on the worker placing it, with the state the analyses keep there.
public protocol WorkerPlace {
    func workerState<State: AnyObject>(for owner: AnyObject, _ make: () -> State) -> State
}

/// Where a row was placed, as an analysis sees it: the cell and unit, and the
/// WGS84 position of a point (nil for a polygon).
public struct PlacedRow: WorkerPlace {
    public let cellIndex: Int
    public let lon: Double?
    public let lat: Double?
    /// The cell's unit, its zone and core flag, read once from the worker's own tables when
    /// the row is placed: every analysis asks for them, and each read through the worker
    /// counted its references up and down.
    public let unitIndex: Int
    public let zone: ZoneClass
    public let isCore: Bool
    /// Not retained: a placed row is a view for the length of one `AnalysisSlice.values`
    /// call, made for every row, while its worker lives for the whole run.
    unowned(unsafe) let worker: OverlayWorker

    init(cellIndex: Int, lon: Double?, lat: Double?, worker: OverlayWorker) {
        self.cellIndex = cellIndex
        self.lon = lon
        self.lat = lat
        (unitIndex, zone, isCore) = worker.unitFacts(ofCell: cellIndex)
        self.worker = worker
    }

    public var cell: ZoneCell { worker.layer.cells[cellIndex] }
    public var unit: ZoneUnit { worker.layer.units[unitIndex] }
    /// The number of units in the scheme, for per-unit tallies kept in arrays.
    public var unitCount: Int { worker.layer.units.count }

    /// State `owner` keeps on the worker placing this row, across its slices (a cache, say):
    /// made on first use, used by one thread at a time, never shared between cores.
    public func workerState<State: AnyObject>(for owner: AnyObject, _ make: () -> State) -> State {
        worker.state(for: owner, make)
    }

    /// The point in the scheme's projected CRS (metres), for distances; nil for a polygon
    /// or where PROJ cannot transform it. The worker's own transformation: OGR's are not thread-safe.
    public func projected() -> (x: Double, y: Double)? {
        guard let lon, let lat else { return nil }
        return worker.projectToAreaCRS(x: lon, y: lat)
    }
}
