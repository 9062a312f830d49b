/// Sendable values that cross between readers, workers and writers.

/// The attribute types zonefit keeps; every other OGR type travels as text.
public enum FieldType: Sendable, Equatable {
    case integer, real, string, boolean
}

public struct FieldDefinition: Sendable, Equatable {
    public var name: String
    public var type: FieldType

    public init(_ name: String, _ type: FieldType) {
        self.name = name
        self.type = type
    }
}

public enum FieldValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case string(String)
    case boolean(Bool)

    /// The value as a user would read it; nil when null.
    public var text: String? {
        switch self {
        case .null: return nil
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .string(let value): return value
        case .boolean(let value): return value ? "true" : "false"
        }
    }
}

/// A feature's geometry: points stay plain coordinates on the hot path,
/// everything else travels as 2D WKB.
public enum FeatureGeometry: Sendable, Equatable {
    case none
    case point(x: Double, y: Double)
    case wkb([UInt8])
}

/// One feature as read from a source.
public struct SourceFeature: Sendable {
    /// 1-based position in read order: the data row number for CSV and XLSX.
    public var number: Int
    /// The source's feature id (OGR FID).
    public var fid: Int64
    public var values: [FieldValue]
    public var geometry: FeatureGeometry
    /// The source geometry had Z or M values, dropped on reading.
    public var droppedZM: Bool

    public init(number: Int, fid: Int64, values: [FieldValue], geometry: FeatureGeometry, droppedZM: Bool = false) {
        self.number = number
        self.fid = fid
        self.values = values
        self.geometry = geometry
        self.droppedZM = droppedZM
    }
}
