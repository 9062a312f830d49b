import Crypto
import Foundation
import GeoKit

/// Built layers kept on disk, so that a command starts in milliseconds rather
/// than redoing the overlay (a fifth of a second for Chengdu) on every run.
///
/// An entry is keyed by the SHA-256 of everything the build reads — the scheme
/// file and every file of its layers (a shapefile's sidecars too) — of the
/// zonefit executable itself, of the GDAL, PROJ and GEOS versions and of the
/// environment variables that steer them, so any edit, rebuild or upgrade makes
/// a new key. A layer in a database counts by the hash of its rows, one in an
/// archive (`/vsizip/…`) by its member's bytes; a directory or a VRT naming
/// other files is never cached.
/// Entries are written to a temporary name and renamed; an entry that cannot
/// be read is ignored and rebuilt; the eight most recently used are kept.
///
/// The directory: `$ZONEFIT_CACHE_DIR` (empty or `off` turns caching off),
/// else `$XDG_CACHE_HOME/zonefit`, else `~/.cache/zonefit`.
public enum ZoneLayerCache {
    /// Entries kept; older ones are removed when a new one is stored.
    static let keep = 8

    /// The scheme's layer, from the cache when an entry matches, else built and stored.
    public static func layer(_ scheme: ZoneScheme, directory: String? = directory()) throws -> ZoneLayer {
        guard let directory, let key = key(scheme) else { return try ZoneLayerBuilder.build(scheme) }
        let entry = URL(fileURLWithPath: directory).appendingPathComponent("layers/\(key).json")
        if let data = try? Data(contentsOf: entry), let stored = try? JSONDecoder().decode(Entry.self, from: data),
            let layer = stored.layer(scheme)
        {
            // Marks the entry as used, for pruning.
            try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: entry.path)
            return layer
        }
        let layer = try ZoneLayerBuilder.build(scheme)
        store(layer, at: entry)
        return layer
    }

    /// What an entry holds: the layer less the scheme, which is read afresh. The
    /// WKB goes in apart, as base64: as JSON arrays of numbers it decodes 10× slower.
    private struct Entry: Codable {
        var units: [ZoneUnit]
        var cells: [ZoneCell]
        var unitWKB: [Data]
        var cellWKB: [Data]
        var cityEnvelope: Envelope
        var checks: ZoneChecks

        init(_ layer: ZoneLayer) {
            units = layer.units.map {
                var unit = $0
                unit.wkb = []
                return unit
            }
            cells = layer.cells.map {
                var cell = $0
                cell.wkb = []
                return cell
            }
            unitWKB = layer.units.map { Data($0.wkb) }
            cellWKB = layer.cells.map { Data($0.wkb) }
            cityEnvelope = layer.cityEnvelope
            checks = layer.checks
        }

        func layer(_ scheme: ZoneScheme) -> ZoneLayer? {
            guard unitWKB.count == units.count, cellWKB.count == cells.count else { return nil }
            var units = units
            var cells = cells
            for index in units.indices { units[index].wkb = Array(unitWKB[index]) }
            for index in cells.indices { cells[index].wkb = Array(cellWKB[index]) }
            return ZoneLayer(scheme: scheme, units: units, cells: cells, cityEnvelope: cityEnvelope, checks: checks)
        }
    }

    public static func directory() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment["ZONEFIT_CACHE_DIR"] {
            return chosen.isEmpty || chosen == "off" ? nil : chosen
        }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/zonefit" }
        return environment["HOME"].map { $0 + "/.cache/zonefit" }
    }

    /// The hex SHA-256 of the build's inputs, nil when one cannot be read. A layer in a database (or
    /// another connection) counts by the hash of its rows (`SourceIdentity`), a `/vsi` one by its member.
    static func key(_ scheme: ZoneScheme) -> String? {
        var hasher = SHA256()
        let layers = [scheme.districtsPath, scheme.functionalAreasPath, scheme.cityPath].compactMap { $0 }
        let (plain, other) = (
            layers.filter { DataSourceName.kind($0) == .file }, layers.filter { DataSourceName.kind($0) != .file }
        )
        guard let executable = executableStamp(),
            let files = try? [scheme.path] + plain.flatMap(layerFiles),
            let identities = try? other.map({ try SourceIdentity.of(SourceReference($0)).sha256 })
        else { return nil }
        for identity in identities { hasher.update(data: Data("\(identity)\n".utf8)) }
        hasher.update(data: Data(executable.utf8))
        hasher.update(data: Data(LibraryVersions.all.utf8))
        let environment = ProcessInfo.processInfo.environment
        for (name, value) in environment.sorted(by: { $0.key < $1.key })
        where ["GDAL_", "OGR_", "CPL_", "PROJ_", "SHAPE_"].contains(where: name.hasPrefix) {
            hasher.update(data: Data("\(name)=\(value)\n".utf8))
        }
        for file in files {
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: file)) else { return nil }
            hasher.update(data: Data("\(file)\n\(data.count)\n".utf8))
            hasher.update(data: data)
        }
        return Provenance.hex(hasher)
    }

    /// A layer file and its sidecars (same name, other extension), sorted.
    private static func layerFiles(_ path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            !path.lowercased().hasSuffix(".vrt")
        else {
            throw CocoaError(.fileReadUnknown)
        }
        let url = URL(fileURLWithPath: path)
        let stem = url.deletingPathExtension().lastPathComponent
        let folder = url.deletingLastPathComponent()
        let siblings = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent == stem }
        return siblings.sorted().map { folder.appendingPathComponent($0).path }
    }

    /// The running executable's path, size and modification time: a rebuild changes the key.
    private static func executableStamp() -> String? {
        let path =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? Int, let modified = attributes[.modificationDate] as? Date
        else { return nil }
        return "\(path)\n\(size)\n\(modified.timeIntervalSince1970)\n"
    }

    /// Best effort: a cache that cannot be written only costs the next run a rebuild.
    private static func store(_ layer: ZoneLayer, at entry: URL) {
        guard let data = try? JSONEncoder().encode(Entry(layer)) else { return }
        let folder = entry.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(entry.lastPathComponent).\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try data.write(to: temporary)
            if rename(temporary.path, entry.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
        }
        prune(folder)
    }

    /// Keeps the `keep` most recently used entries, and drops temporary files a killed run left.
    private static func prune(_ folder: URL) {
        let files =
            (try? FileManager.default.contentsOfDirectory(
                at: folder, includingPropertiesForKeys: [.contentModificationDateKey], options: [])) ?? []
        func modified(_ file: URL) -> Date {
            (try? file.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate ?? .distantPast
        }
        let (temporary, entries) = (
            files.filter { $0.lastPathComponent.hasPrefix(".") }, files.filter { $0.pathExtension == "json" }
        )
        for file in temporary where modified(file) < Date(timeIntervalSinceNow: -3600) {
            try? FileManager.default.removeItem(at: file)
        }
        for old in entries.sorted(by: { modified($0) > modified($1) }).dropFirst(keep) {
            try? FileManager.default.removeItem(at: old)
        }
    }
}
