import CGDAL

/// GeoPackage geometry blobs (the spec's "GeoPackageBinary"): a header with
/// magic, flags, SRS id and envelope, then the geometry as WKB.
///
/// Written here rather than through OGR because a point's blob is 29 bytes
/// put together per row on the writer thread; polygons go through OGR for
/// their envelope and the Polygon → MultiPolygon promotion.
enum GeoPackageBlob {
    /// The envelope a blob gives, or nil for an empty geometry.
    struct Envelope {
        var minX, maxX, minY, maxY: Double

        mutating func include(_ other: Envelope) {
            minX = Swift.min(minX, other.minX)
            maxX = Swift.max(maxX, other.maxX)
            minY = Swift.min(minY, other.minY)
            maxY = Swift.max(maxY, other.maxY)
        }
    }

    static let pointSize = 29

    /// A 2D point: little-endian, no envelope (a point's envelope is itself; GDAL writes
    /// points the same way), so readers take it from the WKB.
    static func point(x: Double, y: Double, srsID: Int32, into blob: UnsafeMutableRawBufferPointer) {
        header(flags: 0x01, srsID: srsID, into: blob)
        blob[8] = 1  // WKB little-endian
        blob.storeBytes(of: UInt32(1).littleEndian, toByteOffset: 9, as: UInt32.self)
        blob.storeBytes(of: x.bitPattern.littleEndian, toByteOffset: 13, as: UInt64.self)
        blob.storeBytes(of: y.bitPattern.littleEndian, toByteOffset: 21, as: UInt64.self)
    }

    /// The blob of any 2D WKB, with its XY envelope, appended to `out`; a Polygon is promoted to a
    /// MultiPolygon when `multiPolygon` (the layer's declared type); put into the layer's CRS by `reprojection`.
    static func geometry(
        wkb: UnsafeRawBufferPointer, multiPolygon: Bool, srsID: Int32, reprojection: OutputReprojection,
        into out: ByteBuffer
    ) throws {
        let geometry = try reprojection.geometry(wkb: wkb, multiPolygon: multiPolygon)
        defer { OGR_G_DestroyGeometry(geometry) }
        let empty = OGR_G_IsEmpty(geometry) != 0
        let headerSize = empty ? 8 : 40
        var blob = [UInt8](repeating: 0, count: headerSize + Int(OGR_G_WkbSize(geometry)))
        try blob.withUnsafeMutableBytes { blob in
            // Flags: little-endian; envelope indicator 1 (minx, maxx, miny, maxy), or the empty bit.
            header(flags: empty ? 0x11 : 0x03, srsID: srsID, into: blob)
            if !empty {
                var envelope = OGREnvelope()
                OGR_G_GetEnvelope(geometry, &envelope)
                for (index, value) in [envelope.MinX, envelope.MaxX, envelope.MinY, envelope.MaxY].enumerated() {
                    blob.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: 8 + 8 * index, as: UInt64.self)
                }
            }
            let wkbStart = blob.baseAddress!.advanced(by: headerSize).assumingMemoryBound(to: UInt8.self)
            try ogrCheck("cannot write a geometry") { OGR_G_ExportToIsoWkb(geometry, wkbNDR, wkbStart) }
        }
        out.append(blob)
    }

    private static func header(flags: UInt8, srsID: Int32, into blob: UnsafeMutableRawBufferPointer) {
        blob[0] = UInt8(ascii: "G")
        blob[1] = UInt8(ascii: "P")
        blob[2] = 0  // version 1
        blob[3] = flags
        blob.storeBytes(of: srsID.littleEndian, toByteOffset: 4, as: Int32.self)
    }

    /// The envelope in the header of a blob `geometry` made; nil for an empty geometry.
    static func envelope(_ blob: UnsafeRawBufferPointer) -> Envelope? {
        guard blob.count >= 40, blob[3] & 0x10 == 0, (blob[3] >> 1) & 0x07 == 1 else { return nil }
        func double(_ offset: Int) -> Double {
            Double(bitPattern: UInt64(littleEndian: blob.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
        }
        return Envelope(minX: double(8), maxX: double(16), minY: double(24), maxY: double(32))
    }
}
