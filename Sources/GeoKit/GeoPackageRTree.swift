/// Fills a GeoPackage's R-tree spatial index (`rtree_<table>_<column>`) by
/// packing it, after the rows are written, instead of inserting row by row.
///
/// Hand-written because SQLite's R*Tree module inserts one entry at a time,
/// at about 12 µs each here (12 s for a million points, three times the rows
/// themselves), and the bulk loader GDAL added in 3.8 is not in Debian's GDAL
/// 3.6. The packing: the rows' boxes in the Hilbert order of their centres
/// (`HilbertSorter`, in bounded memory), consecutive runs of 51 fill the
/// leaves, and each level above is packed the same way, as a Hilbert R-tree is. The nodes are written to the
/// module's own shadow tables in its file format (sqlite/ext/rtree/rtree.c):
/// node 1 is the root and holds the tree's depth; a node is a 4-byte header
/// (depth, cell count, big-endian) and cells of a 64-bit id and four 32-bit
/// floats (min x, max x, min y, max y), rounded outwards, in a blob of
/// 4 + 51 × 24 bytes; `_rowid` maps each id to its leaf, `_parent` each node
/// to its parent. SQLite's `rtreecheck()` checks the result in the tests.
/// `_rowid` is filled in id order (appended, not sought): the leaves come in
/// Hilbert order, so each id's leaf is kept in an array over the ids' range
/// where the ids are dense (4 bytes an id), else in a scratch table SQLite sorts.
struct GeoPackageRTree {
    /// RTREE_MAXCELLS in rtree.c: the most cells a node holds, whatever the page size.
    static let cellsPerNode = 51
    static let cellSize = 24
    static let nodeSize = 4 + cellsPerNode * cellSize

    private let insertNode: SQLiteStatement
    private let insertParent: SQLiteStatement
    /// Each id's leaf where the ids are dense: `leaves[id - firstID]`, 0 for an id with no entry …
    private var leaves: [UInt32] = []
    private let firstID: Int64
    /// … else the insert into the scratch table.
    private let leafTable: SQLiteStatement?
    private var nextNode: Int64 = 2
    private var blob = [UInt8](repeating: 0, count: nodeSize)

    /// Packs the index `name` (already created, empty) from `cells`, the boxes of the non-empty
    /// geometries, which lie within `extent`, with ids within `ids`.
    static func build(
        _ database: SQLiteDatabase, name: String, cells: HilbertSorter, extent: GeoPackageBlob.Envelope,
        ids: ClosedRange<Int64>
    ) throws {
        var tree = try GeoPackageRTree(database, name: name, ids: ids, count: cells.count)
        var leaves: [RTreeCell] = []
        var pending: [RTreeCell] = []
        pending.reserveCapacity(cellsPerNode)
        try cells.forEachInOrder(in: extent) { cell in
            if pending.count == cellsPerNode {
                leaves.append(try tree.writeLeaf(pending, node: tree.takeNode()))
                pending.removeAll(keepingCapacity: true)
            }
            pending.append(cell)
        }
        guard !leaves.isEmpty else {
            // One leaf at most: it is the root.
            if !pending.isEmpty { _ = try tree.writeLeaf(pending, node: 1) }
            return try tree.finish(database, name: name)
        }
        if !pending.isEmpty { leaves.append(try tree.writeLeaf(pending, node: tree.takeNode())) }
        var level = leaves
        var depth: UInt16 = 1
        while level.count > cellsPerNode {
            var parents: [RTreeCell] = []
            for start in stride(from: 0, to: level.count, by: cellsPerNode) {
                let children = level[start..<min(start + cellsPerNode, level.count)]
                parents.append(try tree.writeInner(children, node: tree.takeNode(), depth: 0))
            }
            level = parents
            depth += 1
        }
        _ = try tree.writeInner(level[...], node: 1, depth: depth)
        try tree.finish(database, name: name)
    }

    /// Writes `_rowid`, in id order.
    private func finish(_ database: SQLiteDatabase, name: String) throws {
        let rowIDs = quoted(name + "_rowid")
        guard leafTable == nil else {
            return try database.execute(
                "INSERT INTO \(rowIDs)(rowid, nodeno) SELECT id, node FROM temp.zonefit_leaves ORDER BY id; "
                    + "DROP TABLE temp.zonefit_leaves;")
        }
        // Many rows a statement, as the writer inserts its rows; the last few one at a time.
        let perStatement = 256
        let many = try database.prepare(
            "INSERT INTO \(rowIDs)(rowid, nodeno) VALUES "
                + Array(repeating: "(?, ?)", count: perStatement).joined(separator: ", "))
        let one = try database.prepare("INSERT INTO \(rowIDs)(rowid, nodeno) VALUES (?, ?)")
        var pairs: [(id: Int64, leaf: UInt32)] = []
        pairs.reserveCapacity(perStatement)
        for (offset, leaf) in leaves.enumerated() where leaf != 0 {
            pairs.append((firstID + Int64(offset), leaf))
            guard pairs.count == perStatement else { continue }
            for (index, pair) in pairs.enumerated() {
                many.bind(Int32(2 * index + 1), integer: pair.id)
                many.bind(Int32(2 * index + 2), integer: Int64(pair.leaf))
            }
            try many.run()
            pairs.removeAll(keepingCapacity: true)
        }
        for pair in pairs {
            one.bind(1, integer: pair.id)
            one.bind(2, integer: Int64(pair.leaf))
            try one.run()
        }
    }

    private init(_ database: SQLiteDatabase, name: String, ids: ClosedRange<Int64>, count: Int) throws {
        insertNode = try database.prepare(
            "INSERT OR REPLACE INTO \(quoted(name + "_node"))(nodeno, data) VALUES (?, ?)")
        let span = ids.upperBound.subtractingReportingOverflow(ids.lowerBound)
        firstID = ids.lowerBound
        if !span.overflow, span.partialValue < Int64(2 * count + 1024) {
            leaves = Array(repeating: 0, count: Int(span.partialValue) + 1)
            leafTable = nil
        } else {
            try database.execute("CREATE TEMP TABLE zonefit_leaves (id INTEGER, node INTEGER)")
            leafTable = try database.prepare("INSERT INTO temp.zonefit_leaves VALUES (?, ?)")
        }
        insertParent = try database.prepare("INSERT INTO \(quoted(name + "_parent"))(nodeno, parentnode) VALUES (?, ?)")
    }

    private mutating func takeNode() -> Int64 {
        defer { nextNode += 1 }
        return nextNode
    }

    /// Writes a leaf and the ids it holds; returns its cell for the level above.
    private mutating func writeLeaf(_ cells: [RTreeCell], node: Int64) throws -> RTreeCell {
        try writeNode(cells[...], node: node, depth: 0)
        guard let leafTable else {
            for cell in cells { leaves[Int(cell.id - firstID)] = UInt32(node) }
            return RTreeCell(id: node, covering: cells[...])
        }
        for cell in cells {
            leafTable.bind(1, integer: cell.id)
            leafTable.bind(2, integer: node)
            try leafTable.run()
        }
        return RTreeCell(id: node, covering: cells[...])
    }

    /// Writes an inner node and its children's parent links.
    private mutating func writeInner(_ children: ArraySlice<RTreeCell>, node: Int64, depth: UInt16) throws -> RTreeCell
    {
        try writeNode(children, node: node, depth: depth)
        for child in children {
            insertParent.bind(1, integer: child.id)
            insertParent.bind(2, integer: node)
            try insertParent.run()
        }
        return RTreeCell(id: node, covering: children)
    }

    /// `depth`: the tree's depth, kept in the root only (0 elsewhere).
    private mutating func writeNode(_ cells: ArraySlice<RTreeCell>, node: Int64, depth: UInt16) throws {
        blob.withUnsafeMutableBytes { blob in
            blob.initializeMemory(as: UInt8.self, repeating: 0)
            blob.storeBytes(of: depth.bigEndian, toByteOffset: 0, as: UInt16.self)
            blob.storeBytes(of: UInt16(cells.count).bigEndian, toByteOffset: 2, as: UInt16.self)
            for (index, cell) in cells.enumerated() {
                let offset = 4 + index * Self.cellSize
                blob.storeBytes(of: cell.id.bigEndian, toByteOffset: offset, as: Int64.self)
                for (slot, value) in [cell.minX, cell.maxX, cell.minY, cell.maxY].enumerated() {
                    blob.storeBytes(
                        of: value.bitPattern.bigEndian, toByteOffset: offset + 8 + 4 * slot, as: UInt32.self)
                }
            }
        }
        insertNode.bind(1, integer: node)
        try blob.withUnsafeBytes { bytes in
            insertNode.bind(2, blob: bytes)
            try insertNode.run()
        }
    }

    /// The Hilbert index, on a 2^16 × 2^16 grid over the extent, of a blob's envelope centre.
    static func hilbertIndex(_ envelope: GeoPackageBlob.Envelope, in extent: GeoPackageBlob.Envelope) -> Int64 {
        let side = Double(UInt32(1) << 16 - 1)
        func cell(_ value: Double, _ low: Double, _ high: Double) -> UInt32 {
            guard high > low else { return 0 }
            return UInt32(max(0, min(side, ((value - low) / (high - low) * side).rounded(.down))))
        }
        var x = cell((envelope.minX + envelope.maxX) / 2, extent.minX, extent.maxX)
        var y = cell((envelope.minY + envelope.maxY) / 2, extent.minY, extent.maxY)
        var index: Int64 = 0
        var s: UInt32 = 1 << 15
        while s > 0 {
            let rx: UInt32 = x & s > 0 ? 1 : 0
            let ry: UInt32 = y & s > 0 ? 1 : 0
            index += Int64(s) * Int64(s) * Int64((3 * rx) ^ ry)
            if ry == 0 {
                if rx == 1 {
                    x = (1 << 16 - 1) - x
                    y = (1 << 16 - 1) - y
                }
                swap(&x, &y)
            }
            s >>= 1
        }
        return index
    }
}

/// An SQL identifier in double quotes.
func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
