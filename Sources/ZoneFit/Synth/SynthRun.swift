import Dispatch
import Foundation
import GeoKit

/// `zonefit synth`: illustrative enterprise records for a scheme's city, streamed in
/// batches: firms are made in parallel (one sampler and GEOS context per worker) and
/// written in number order, so memory does not grow with the count and the output
/// depends on the seed only, not on the number of workers.
public enum SynthRun {
    public static func run(_ request: SynthRequest, layer: ZoneLayer) throws -> SynthSummary {
        let format = try OutputFormat.resolve(path: request.output, format: request.format)
        let parks = try request.parksPath.map { try ParkPolygon.read(path: $0, areaCRS: layer.scheme.areaCRS) } ?? []
        let plan = try SynthPlan.build(layer: layer, parks: parks, seed: request.seed, parkShare: request.parkShare)
        let file = try AtomicOutput(request.output, companions: format.companions)
        let writer = try Writer(file, format: format, request: request, layer: layer)
        let workers = try (0..<max(1, request.workers)).map { _ in try SynthSampler(plan) }
        var summary = SynthSummary()
        summary.parks = parks.count
        var start = 0
        while start < request.count {
            let end = min(request.count, start + request.batchSize)
            let slices = try makeInParallel(start..<end, seed: request.seed, workers, csv: format == .csv)
            for slice in slices {
                try writer.write(slice)
                for firm in slice.firms {
                    summary.written += 1
                    if firm.park != nil { summary.inParks += 1 }
                    if firm.chainLeader { summary.chainLeaders += 1 }
                    summary.byZone[layer.units[layer.cells[firm.cell].unitIndex].zone, default: 0] += 1
                }
            }
            start = end
        }
        try writer.close()
        try file.publish()
        return summary
    }

    struct Slice: Sendable {
        var firms: [SynthFirm] = []
        /// The firms as CSV lines, for CSV output.
        var csv: [UInt8] = []
    }

    /// One contiguous slice of firm numbers per worker; slices come back in order.
    private static func makeInParallel(
        _ numbers: Range<Int>, seed: UInt64, _ workers: [SynthSampler], csv: Bool
    ) throws -> [Slice] {
        var results = [Result<Slice, Error>](repeating: .success(Slice()), count: workers.count)
        let sliceSize = (numbers.count + workers.count - 1) / workers.count
        results.withUnsafeMutableBufferPointer { buffer in
            // Each iteration touches only its own element of `buffer` and its own worker.
            nonisolated(unsafe) let buffer = buffer
            nonisolated(unsafe) let workers = workers
            DispatchQueue.concurrentPerform(iterations: workers.count) { index in
                let start = numbers.lowerBound + index * sliceSize
                let end = min(numbers.upperBound, start + sliceSize)
                guard start < end else { return }
                buffer[index] = Result {
                    var slice = Slice()
                    slice.firms.reserveCapacity(end - start)
                    for number in start..<end {
                        let firm = try SynthFirm.make(number: number, seed: seed, sampler: workers[index])
                        if csv { firm.appendCSV(to: &slice.csv) }
                        slice.firms.append(firm)
                    }
                    return slice
                }
            }
        }
        return try results.map { try $0.get() }
    }

    /// CSV through `SynthCSV`; every other format through `FeatureOutputFactory`.
    private final class Writer {
        private let csv: SynthCSV?
        private let output: FeatureOutput?
        private let provenance: String

        init(_ file: AtomicOutput, format: OutputFormat, request: SynthRequest, layer: ZoneLayer) throws {
            if format == .csv {
                csv = try SynthCSV(path: file.temporaryPath, fields: SynthFirm.fields.map(\.name))
                output = nil
                provenance = ""
                return
            }
            csv = nil
            provenance = try Provenance(
                command: "synth -n \(request.count) --seed \(request.seed)",
                sources: request.parksPath.map { [SourceReference($0)] } ?? [], scheme: layer.scheme
            ).json
            do {
                output = try FeatureOutputFactory.open(
                    file, format: format,
                    layerName: URL(fileURLWithPath: request.output).deletingPathExtension().lastPathComponent,
                    fields: SynthFirm.fields, polygons: false)
            } catch let error as GeoKitError {
                throw ZoneFitError(file: request.output, "cannot create the output: \(error.message)")
            }
        }

        func write(_ slice: Slice) throws {
            if let csv { return try csv.write(slice.csv) }
            for firm in slice.firms {
                try output?.write(
                    id: Int64(firm.number + 1), values: firm.values, geometry: .point(x: firm.lon, y: firm.lat))
            }
        }

        func close() throws {
            try csv?.close()
            try output?.close(provenance: provenance)
        }
    }
}
