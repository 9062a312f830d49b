import CGEOS

/// A GEOS STRtree of integer items keyed by their geometries' envelopes
/// (`GEOSSTRtree_create_r`). Items are stored as pointer-sized integers, not
/// pointers, so nothing dangles.
public final class STRtree {
    private let context: GEOSContext
    private let pointer: OpaquePointer
    /// The tree reads its keys' envelopes; keep the keys alive with it.
    private var keys: [Geometry] = []

    public init(in context: GEOSContext, nodeCapacity: Int = 10) throws {
        guard let tree = GEOSSTRtree_create_r(context.handle, nodeCapacity) else {
            throw context.takeError("GEOSSTRtree_create_r failed")
        }
        self.context = context
        self.pointer = tree
    }

    deinit { GEOSSTRtree_destroy_r(context.handle, pointer) }

    /// `GEOSSTRtree_insert_r`. The tree is built on the first query.
    public func insert(_ key: Geometry, item: Int) {
        keys.append(key)
        GEOSSTRtree_insert_r(
            context.handle, pointer, key.pointer, UnsafeMutableRawPointer(bitPattern: item + 1))
    }

    /// The items whose envelopes intersect the envelope of `geometry`, in ascending order
    /// (`GEOSSTRtree_query_r`).
    public func query(_ geometry: Geometry) -> [Int] {
        var found: [Int] = []
        withUnsafeMutablePointer(to: &found) { found in
            GEOSSTRtree_query_r(
                context.handle, pointer, geometry.pointer,
                { item, userdata in
                    guard let userdata else { return }
                    let found = userdata.assumingMemoryBound(to: [Int].self)
                    found.pointee.append(Int(bitPattern: item) - 1)
                },
                found)
        }
        found.sort()
        return found
    }
}
