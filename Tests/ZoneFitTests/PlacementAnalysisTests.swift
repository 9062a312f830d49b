import Foundation
import GeoKit
import Testing

@testable import ZoneFit

/// The analyses on the placements stream: the same results whatever the
/// threads, batches or reader, and the per-row shortcuts equal to what they replace.
@Suite("analyses on the placements stream")
struct PlacementAnalysisTests {
    let layer: ZoneLayer
    let rules: NoncoreProfile
    let folder: URL
    let register: String

    init() throws {
        layer = try ZoneLayerBuilder.build(ZoneScheme(contentsOf: RepositoryFiles.scheme))
        rules = try NoncoreProfile(contentsOf: RepositoryFiles.noncoreProfile)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("analyses-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // 6,000 synthetic firms: enough for many slices at a small block size.
        register = folder.appendingPathComponent("firms.csv").path
        _ = try SynthRun.run(SynthRequest(count: 6_000, seed: 11, output: register), layer: layer)
    }

    /// relocate and the report's tally over the register, as `threads` workers see it.
    func tally(threads: Int, batch: Int, streaming: Bool) throws -> (ReportTally, EnterpriseLoad, OverlaySummary) {
        var request = OverlayRequest(input: register, output: nil)
        request.rejects = folder.appendingPathComponent("rejects-\(UUID().uuidString).csv").path
        request.workers = threads
        request.batchSize = batch
        request.fastPath = streaming
        let relocation = try Relocation(
            profile: rules, parks: SourceReference(RepositoryFiles.parks), layer: layer, top: 3, flaggedOnly: false)
        let tally = ReportTally(relocation: relocation, rules: rules, keepTop: 5)
        let load = try EnterpriseLoad(rules: rules)
        let summary = try OverlayRun.run(request, layer: layer, analyses: [tally, load])
        return (tally, load, summary)
    }

    /// The chains' counts over the register, by revenue on a 5 km grid, as `threads` workers see it.
    func chainTally(threads: Int, batch: Int, streaming: Bool) throws -> ChainTally {
        var request = OverlayRequest(input: register, output: nil)
        request.rejects = folder.appendingPathComponent("rejects-\(UUID().uuidString).csv").path
        request.workers = threads
        request.batchSize = batch
        request.fastPath = streaming
        let tally = try ChainTally(rules: rules, grid: try StudyGrid(layer: layer, size: 5000), measure: .revenue)
        _ = try OverlayRun.run(request, layer: layer, analyses: [tally])
        return tally
    }

    @Test func chainSumsAreExactWhateverTheThreads() throws {
        let reference = try chainTally(threads: 1, batch: 16_384, streaming: true)
        #expect(reference.cells.contains { $0 > 0 } && reference.all.contains { $0.revenue > 0 })
        for (threads, batch, streaming) in [(2, 97, true), (3, 500, false)] {
            let other = try chainTally(threads: threads, batch: batch, streaming: streaming)
            #expect(other.cells == reference.cells, "the grid's revenue to the last bit")
            #expect(other.inChain.map(\.revenue) == reference.inChain.map(\.revenue))
            #expect(other.all.map(\.employees) == reference.all.map(\.employees))
            #expect(other.leaders == reference.leaders && other.linkFirms == reference.linkFirms)
        }
    }

    @Test func resultsDoNotDependOnThreadsBatchesOrReader() throws {
        let reference = try tally(threads: 1, batch: 16_384, streaming: true)
        for (threads, batch, streaming) in [(2, 16_384, true), (2, 97, false), (1, 500, false)] {
            let (tally, load, summary) = try tally(threads: threads, batch: batch, streaming: streaming)
            #expect(summary.read == reference.2.read && summary.written == reference.2.written)
            let a = tally.relocation.summary
            let b = reference.0.relocation.summary
            #expect(a.flaggedRows == b.flaggedRows && a.flaggedRows > 0)
            for (unit, totals) in b.units {
                let other = try #require(a.units[unit])
                #expect(other.byCategory == totals.byCategory && other.unknownCodes == totals.unknownCodes)
                #expect(abs(other.freedLandM2 - totals.freedLandM2) <= 1e-9 * max(1, totals.freedLandM2))
            }
            #expect(tally.firmsByUnit == reference.0.firmsByUnit)
            // The most pressing firms, ties in input order, and the receiving parks they point to.
            #expect(tally.topFlagged.mapValues { $0.map(\.row) } == reference.0.topFlagged.mapValues { $0.map(\.row) })
            #expect(tally.receivers == reference.0.receivers)
            #expect(tally.flaggedPoints.map(\.category) == reference.0.flaggedPoints.map(\.category))
            #expect(load.units.mapValues(\.firms) == reference.1.units.mapValues(\.firms))
            #expect(load.units.mapValues(\.noncore) == reference.1.units.mapValues(\.noncore))
        }
    }

    @Test func twoDecimalsAsTheCLibraryPrintsThem() {
        var generator = SeededRandom(seed: 5)
        var values: [Double] = [
            0, -0.0, 0.125, 0.375, 2.675, 1.005, 0.994999, 0.995, 99.995, -0.004, -0.005, 1e14, 0.07,
        ]
        for _ in 0..<20_000 { values.append((generator.unit() - 0.3) * pow(10, Double(Int(generator.unit() * 8)))) }
        for scale in 0..<1_000 { values.append(Double(scale) / 1000 + 0.005) }
        for value in values {
            var bytes: [UInt8] = []
            Relocation.appendShort(value, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == String(format: "%.2f", value), "\(value)")
        }
    }

    @Test func realsAsOGRsCSVWriterPrintsThem() {
        var generator = SeededRandom(seed: 9)
        var values: [Double] = [
            0, -0.0, 1329, -7, 1e-4, 0.0001234, 9.99e-5, 1e15, 999_999_999_999_999, 0.1 + 0.2, 32.57, 1e300,
        ]
        for _ in 0..<20_000 {
            let magnitude = pow(10, Double(Int(generator.unit() * 24)) - 8)
            values.append((generator.unit() - 0.4) * magnitude)
            values.append(((generator.unit() * 1e6).rounded() / 100) * (generator.unit() < 0.5 ? 1 : -1))
        }
        for value in values {
            #expect(RowWriter.csvText(.real(value)) == String(format: "%.15g", value), "\(value)")
        }
    }

    @Test func textsQuotedAsCSVScannerQuotesThem() {
        let texts = [
            "", "plain", "a,b", "say \"hi\"", "\"", "\"\"", "line\nbreak", "cr\rhere", "尾,\"引\"号", "end\"", "\"start",
            "Industry C2130 (Manufacture of furniture) is manufacturing, not high-tech.",
        ]
        for text in texts {
            let out = ByteBuffer()
            RowWriter.appendCSV(.string(text), to: out)
            #expect(out.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } == CSVScanner.quoted(text), "\(text)")
        }
    }

    @Test func numbersWrittenStraightAsCSVTextWritesThem() {
        let values: [FieldValue] = [
            .real(0), .real(-0.0), .real(9214), .real(-7), .real(46.74), .real(1e15), .real(999_999_999_999_999),
            .real(.nan), .real(.infinity), .real(-.infinity), .real(1e-7), .integer(0), .integer(-42),
            .integer(Int64.max), .integer(Int64.min), .boolean(true), .null,
        ]
        for value in values {
            let out = ByteBuffer()
            RowWriter.appendCSV(value, to: out)
            #expect(out.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } == RowWriter.csvText(value), "\(value)")
        }
    }

    @Test func everyFirmFieldIsFoundByItsName() throws {
        // FirmColumns holds one slot per FirmField inline: a field added without a slot would trap here.
        let lists = Dictionary(uniqueKeysWithValues: FirmField.allCases.map { ($0.key, ["col_\($0.rawValue)"]) })
        let names = try FieldNames.builtIn.overridden(by: lists, origin: "test")
        let fields = FirmField.allCases.reversed().map { FieldDefinition("COL_\($0.rawValue)", .string) }
        let columns = FirmColumns(try FieldMapping(fields: fields, names: names))
        for field in FirmField.allCases {
            #expect(columns.index(field) == FirmField.allCases.count - 1 - field.rawValue, "\(field)")
        }
    }

    @Test func flagAnswersAsBefore() {
        for yes in ["true", "1", "是", "yes", "y", "t", "TRUE", " Yes ", "Y"] {
            #expect(FirmColumns.isYes(yes), "\(yes)")
        }
        for no in ["", "false", "0", "否", "no", "n", "f", "2", "maybe", "FALSE"] {
            #expect(!FirmColumns.isYes(no), "\(no)")
        }
    }

    @Test func keywordsMatchAsStringContainsDoes() {
        let names = ["成都荷花池批发市场鞋业商行", "示例物流有限公司", "", "market", "市"]
        let keywords = ["市场", "物流", "市", "批发市场鞋", "x", "market", "ket"]
        for name in names {
            for keyword in keywords {
                #expect(NoncoreClassifier.contains(name, keyword) == name.contains(keyword), "\(name) \(keyword)")
            }
        }
    }

    @Test func thePointSampleIsBoundedEvenAndOrderIndependent() {
        var whole = PointSample(binSize: 1000)
        var first = PointSample(binSize: 1000)
        var second = PointSample(binSize: 1000)
        let rows = 250_000
        for row in 1...rows {
            let x = Float(row % 5000)
            whole.add(row: row, x: x, y: 0, category: "c")
            if row <= 90_000 {
                first.add(row: row, x: x, y: 0, category: "c")
            } else {
                second.add(row: row, x: x, y: 0, category: "c")
            }
        }
        first.add(second)
        #expect(whole.points.count <= PointSample.limit && whole.points.count > PointSample.limit / 4)
        #expect(!whole.isComplete && whole.count == rows)
        #expect(whole.points.map(\.row) == first.points.map(\.row), "the same rows, split or not")
        #expect(whole.points.map(\.row) == whole.points.map(\.row).sorted(), "in input order")
        // Every point counted in its 1 km cell: x 0…4999 in five cells of 50,000 each.
        #expect(whole.cells.map(\.count) == Array(repeating: rows / 5, count: 5))
        #expect(
            whole.cells.map(\.x) == [500, 1500, 2500, 3500, 4500]
                && first.cells.map(\.count) == whole.cells.map(\.count))
        var small = PointSample(binSize: 1000)
        for row in 1...100 { small.add(row: row, x: -1, y: -1, category: "c") }
        #expect(small.points.count == 100 && small.isComplete, "every point while there are few")
        #expect(small.cells.count == 1 && small.cells[0].x == -500 && small.cells[0].y == -500)
    }
}
