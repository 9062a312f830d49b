import Foundation
import GeoKit

/// A Shapefile written through OGR: DBF names cut to 10 bytes by `ShapefileFields`,
/// the mapping written beside it (`<stem>.fields.csv`), the encoding named in the
/// `.cpg`, and no text cut silently: a text over 254 bytes stops the run, or, when
/// asked, goes whole to `<stem>.long-text.csv` and is cut in the DBF.
final class ShapefileOutput: FeatureOutput {
    private let sink: VectorSink
    private let columns: ShapefileFields
    private let options: ShapefileOptions
    private let target: String
    private let longTextPath: String
    private var longText: BufferedFile?
    private var written: Int64 = 0
    private(set) var longTexts = 0

    /// `path`: where to write (a temporary `.shp`); `target`: the output as the user named it, for messages.
    init(
        path: String, target: String, fields: [FieldDefinition], polygons: Bool, crs: SpatialReference?,
        options: ShapefileOptions
    ) throws {
        columns = ShapefileFields(fields, encoding: options.encoding)
        self.options = options
        self.target = target
        let stem = (path as NSString).deletingPathExtension
        longTextPath = stem + ".long-text.csv"
        // Text fields are declared at the DBF's widest and shrunk to their longest value at the end (RESIZE).
        sink = try VectorSink(
            path: path, driver: "ESRI Shapefile", layerName: OverlayFiles.layerName(target), fields: columns.renamed,
            geometry: polygons ? .multiPolygon : .point, crs: crs, textWidth: ShapefileFields.maxTextBytes,
            layerOptions: ["ENCODING=\(options.encoding.gdalName)", "RESIZE=YES"])
        try columns.mappingCSV.write(toFile: stem + ".fields.csv", atomically: false, encoding: .utf8)
    }

    /// The renamed fields, for the run's notes.
    var notes: [String] {
        var notes: [String] = []
        if !columns.changes.isEmpty {
            notes.append(
                "note: Shapefile field names are at most 10 bytes: " + columns.changes.joined(separator: ", ")
                    + " (the mapping is in \(OverlayFiles.layerName(target)).fields.csv)")
        }
        if longTexts > 0 {
            notes.append(
                "note: \(longTexts) texts longer than \(ShapefileFields.maxTextBytes) bytes are cut in the DBF "
                    + "and written whole to \(OverlayFiles.layerName(target)).long-text.csv")
        }
        return notes
    }

    func write(id: Int64?, values: [FieldValue], geometry: FeatureGeometry) throws {
        var values = values
        for (index, value) in values.enumerated() where columns.fields[index].type == .string {
            guard let text = value.text, options.encoding.byteCount(text[...]) > ShapefileFields.maxTextBytes else {
                continue
            }
            let name = columns.fields[index].name
            guard options.longTextCSV else {
                throw ZoneFitError(
                    file: target,
                    "field '\(name)' of feature \(written + 1) holds \(options.encoding.byteCount(text[...])) bytes; "
                        + "a Shapefile (DBF) text holds at most \(ShapefileFields.maxTextBytes)",
                    setting: .longText)
            }
            try keepWhole(text, field: name)
            values[index] = .string(
                ShapefileFields.prefix(text[...], bytes: ShapefileFields.maxTextBytes, options.encoding))
        }
        try sink.write(values, geometry: geometry)
        written += 1
    }

    /// One row (fid, field, value) of the long-text file; fid as OGR numbers a Shapefile's features, from 0.
    private func keepWhole(_ text: String, field: String) throws {
        if longText == nil {
            longText = try BufferedFile(path: longTextPath)
            try longText?.write("\u{FEFF}fid,field,value\n")
        }
        try longText?.write("\(written),\(CSVScanner.quoted(field)),\(CSVScanner.quoted(text))\n")
        longTexts += 1
    }

    /// A Shapefile has no place for the provenance.
    func close(provenance: String) throws {
        do {
            try sink.close()
        } catch {
            try? longText?.close()
            throw error
        }
        try longText?.close()
    }
}
