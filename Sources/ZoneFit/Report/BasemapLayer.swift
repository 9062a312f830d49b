import GeoKit

/// The optional reference layer under every map (`report --basemap`): lines
/// (ring roads, rivers; polygon outlines count as lines) and labelled points
/// (town names), from any OGR source, projected to the scheme's CRS. Names come
/// from `name` (or 名称) and, for the English report, `name_en`.
public struct BasemapLayer: Sendable {
    public struct Label: Sendable {
        public var point: Point
        public var name: String
        public var nameEn: String?
    }

    /// Polylines in projected metres.
    public var lines: [[Point]]
    public var labels: [Label]

    public init(_ reference: SourceReference, areaCRS: String) throws {
        let source: VectorSource
        do {
            source = try reference.open()
        } catch let error as GeoKitError {
            throw ZoneFitError(file: reference.name, error.message)
        }
        let names = source.fields.map { $0.name.lowercased() }
        let nameIndex = names.firstIndex(of: "name") ?? names.firstIndex(of: "名称")
        let nameEnIndex = names.firstIndex(of: "name_en")
        func nonEmpty(_ index: Int?, _ feature: SourceFeature) -> String? {
            index.flatMap { feature.values[$0].text }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let target = try SpatialReference(areaCRS)
        let project = try CoordinateTransform(from: source.spatialReference ?? SpatialReference.wgs84(), to: target)
        let context = try GEOSContext()
        var lines: [[Point]] = []
        var labels: [Label] = []
        while let feature = try source.next() {
            let name = nonEmpty(nameIndex, feature)
            let nameEn = nonEmpty(nameEnIndex, feature)
            switch feature.geometry {
            case .none: continue
            case .point(let x, let y):
                if let name, let p = project.transform(x: x, y: y) {
                    labels.append(
                        Label(
                            point: Point(x: p.x, y: p.y), name: name,
                            nameEn: nameEn))
                }
            case .wkb(let bytes):
                let geometry = try project.transform(Geometry(wkb: bytes, in: context))
                let parts = try WKBRings.parse(geometry.wkb(), lines: true)
                if parts.isEmpty, let name, let point = try? geometry.pointOnSurface() {
                    labels.append(
                        Label(
                            point: Point(x: point.x, y: point.y), name: name,
                            nameEn: nameEn))
                }
                lines += parts.filter { $0.count >= 2 }
            }
        }
        guard !lines.isEmpty || !labels.isEmpty else {
            throw ZoneFitError(file: reference.name, "has no lines and no named points to draw as a basemap")
        }
        self.lines = lines
        self.labels = labels
    }
}
