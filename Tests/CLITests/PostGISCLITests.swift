import Foundation
import TestSupport
import Testing

/// zonefit against a real PostgreSQL/PostGIS server (the one `scripts/test.sh` starts): reading a
/// register and parks from tables, writing results back in one transaction, and a password that
/// shows nowhere.
@Test("the PostGIS server is there when the test command started one (else its suite would be skipped)")
func postGISServerWhenRequired() {
    #expect(!PostGISServer.required || PostGISServer.current != nil, "ZONEFIT_PG_REQUIRED=1 without ZONEFIT_PG_*")
}

@Suite(
    "PostGIS", .serialized,
    .enabled(if: PostGISServer.current != nil, "needs the PostGIS server scripts/test.sh starts (scripts/postgis.sh)"))
struct PostGISCLITests {
    static let sample = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/enterprises-sample.csv").path
    static let parks = CLI.repoRoot.appendingPathComponent("GeoData/chengdu/parks.geojson").path

    let server = PostGISServer.current!
    /// A database of this test's own with the sample register as `firms` (points in EPSG:4326) and the parks.
    let database: String

    init() throws {
        database = try server.newDatabase()
        try server.load(
            Self.sample, table: "firms", database: database,
            options: [
                "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-oo", "AUTODETECT_TYPE=YES",
                "-a_srs", "EPSG:4326", "-lco", "GEOMETRY_NAME=geom",
            ])
        try server.load(Self.parks, table: "parks", database: database)
    }

    /// The connection without the password (libpq takes it from PGPASSWORD), or with it.
    func connection(password: Bool = false) -> String {
        server.connection(database, password: password ? server.password : nil)
    }

    /// `zonefit args…` with the password in the environment, as the README advises.
    func run(_ args: [String]) throws -> CLI.Run {
        try CLI.run(args, environment: server.passwordEnvironment)
    }

    func count(_ table: String) throws -> Int {
        Int(try server.psql("SELECT count(*) FROM \(table)", database: database)) ?? -1
    }

    /// The temporary rejects files of database outputs left in the temporary folder (none after any run).
    static func temporaryRejects() -> [String] {
        let folder = NSTemporaryDirectory()
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
            $0.contains("zonefit-rejects-")
        }
    }

    /// The first input of a GeoJSON output's provenance.
    func provenanceInput(_ path: String) throws -> [String: Any] {
        let provenance = try #require(try Read.json(path)["provenance"] as? [String: Any])
        return try #require((provenance["inputs"] as? [[String: Any]])?.first)
    }

    @Test("overlay reads a table (-l) and places every firm where it places the same CSV")
    func readsTable() throws {
        let fromTable = try self.run(["overlay", connection(), "-l", "firms", "-o", "out.geojson"])
        let fromCSV = try CLI.run(["overlay", Self.sample, "-o", "out.geojson"])
        try #require(fromTable.status == 0, "\(fromTable)")
        try #require(fromCSV.status == 0, "\(fromCSV)")
        func byID(_ run: CLI.Run) throws -> [String: Row] {
            Dictionary(try Read.geojson(run.path("out.geojson")).map { ($0.string("id") ?? "", $0) }) { a, _ in a }
        }
        let placed = try byID(fromTable)
        let expected = try byID(fromCSV)
        #expect(placed.count == 20_000)
        #expect(Set(placed.keys) == Set(expected.keys))
        var differences = 0
        for (id, row) in expected
        where placed[id].map({ ["unit", "zone", "adcode"].map($0.string) })
            != ["unit", "zone", "adcode"].map(row.string)
        {
            differences += 1
            if differences < 5 { Issue.record("firm \(id): \(placed[id]?.values ?? [:]) against \(row.values)") }
        }
        #expect(differences == 0)
        let input = try provenanceInput(fromTable.path("out.geojson"))
        #expect(input["layer"] as? String == "firms")
        #expect(input["sha256_of"] as? String == "rows")
        #expect(input["rows"] as? Int == 20_000)
        #expect((input["sha256"] as? String)?.count == 64)
    }

    @Test("the row hash is the same however the table's rows lie on disk, and changes with one value")
    func rowHash() throws {
        func hash() throws -> String {
            let run = try self.run(["overlay", connection(), "-l", "firms", "-o", "out.geojson"])
            try #require(run.status == 0, "\(run)")
            return try #require(try provenanceInput(run.path("out.geojson"))["sha256"] as? String)
        }
        let first = try hash()
        // An update writes new row versions at the end of the heap: a scan now returns half the rows later.
        try server.psql("UPDATE firms SET name = name WHERE ogc_fid % 2 = 0", database: database)
        try server.psql("VACUUM firms", database: database)
        let order = try server.psql("SELECT ogc_fid FROM firms LIMIT 3", database: database)
        #expect(order != "1\n2\n3", "the scan order did not change; the test shows nothing")
        #expect(try hash() == first)
        try server.psql("UPDATE firms SET employees = employees + 1 WHERE ogc_fid = 7", database: database)
        #expect(try hash() != first)
    }

    @Test("--sql and --where select the rows in the database")
    func sqlAndWhere() throws {
        let expected = try count("firms WHERE employees >= 100")
        #expect(expected > 0 && expected < 20_000)
        for selection in [
            ["--sql", "SELECT * FROM firms WHERE employees >= 100"], ["-l", "firms", "--where", "employees >= 100"],
        ] {
            let run = try self.run(["overlay", connection()] + selection + ["-o", "out.geojson"])
            try #require(run.status == 0, "\(run)")
            #expect(try Read.geojson(run.path("out.geojson")).count == expected, "\(selection)")
        }
    }

    @Test("-o PG: writes the table with its types, the rejects beside it, a GiST index and the provenance")
    func writesTable() throws {
        let run = try self.run(["overlay", CLI.fixture("bad-coords.csv"), "-o", connection(), "--nln", "placed"])
        try #require(run.status == 0, "\(run)")
        let reconciliation = try #require(CLI.reconciliation(run))
        #expect(reconciliation.rejected > 0)
        #expect(try count("placed") == reconciliation.written)
        #expect(try count("placed_rejects") == reconciliation.rejected)
        let reasons = try server.psql("SELECT DISTINCT reason FROM placed_rejects ORDER BY 1", database: database)
        #expect(reasons.contains("non_numeric") && reasons.contains("missing_coordinates"), "\(reasons)")
        let index = try server.psql("SELECT indexdef FROM pg_indexes WHERE tablename = 'placed'", database: database)
        #expect(index.contains("USING gist (geom)"), "\(index)")
        let srid = try server.psql("SELECT Find_SRID('public', 'placed', 'geom')", database: database)
        #expect(srid == "4326")
        let comment = try server.psql("SELECT obj_description('placed'::regclass)", database: database)
        let provenance = try #require(
            try JSONSerialization.jsonObject(with: Data(comment.utf8)) as? [String: Any])
        #expect(provenance["command"] as? String == "overlay")

        let relocated = try self.run(["relocate", Self.sample, "-o", connection(), "--nln", "moves", "-t", "EPSG:4490"])
        try #require(relocated.status == 0, "\(relocated)")
        #expect(try count("moves") == 20_000)
        #expect(try server.psql("SELECT Find_SRID('public', 'moves', 'geom')", database: database) == "4490")
        let types = try server.psql(
            "SELECT column_name || ':' || data_type FROM information_schema.columns WHERE table_name = 'moves' "
                + "AND column_name IN ('employees', 'revenue', 'chain_leader', 'flagged', 'industry_code') ORDER BY 1",
            database: database)
        #expect(
            types.split(separator: "\n") == [
                "chain_leader:boolean", "employees:bigint", "flagged:boolean", "industry_code:character varying",
                "revenue:double precision",
            ], "\(types)")
        let flagged = try server.psql("SELECT count(*) FROM moves WHERE flagged", database: database)
        let fromCSV = try CLI.run(["relocate", Self.sample, "-o", "out.csv"])
        try #require(fromCSV.status == 0, "\(fromCSV)")
        #expect(
            Int(flagged) == (try Read.csv(fromCSV.path("out.csv"))).rows.filter { $0.string("flagged") == "1" }.count)
    }

    @Test("zones and fit write their layers to tables in the CRS asked, fit's document as the table's comment")
    func layersToTables() throws {
        let zones = try run(["zones", "-o", connection(), "-t", "EPSG:4544"])
        try #require(zones.status == 0, "\(zones)")
        #expect(zones.folderEntries.isEmpty, "\(zones.folderEntries)")
        #expect(
            try server.psql(
                "SELECT count(DISTINCT unit), min(GeometryType(geom)), Find_SRID('public', 'units', 'geom'), "
                    + "round(sum(ST_Area(geom)) / 1e6 - sum(area_km2)) FROM units", database: database)
                == "23|MULTIPOLYGON|4544|0")
        let refused = try run(["zones", "-o", connection()])
        #expect(refused.status == 1 && refused.stderr.contains("--overwrite or --append"), "\(refused)")
        #expect(try run(["zones", "-o", connection(), "--overwrite"]).status == 0)
        #expect(try server.psql("SELECT Find_SRID('public', 'units', 'geom')", database: database) == "4326")

        let fit = try run(["fit", "--enterprises", Self.sample, "--runs", "0", "-o", connection(), "--nln", "plan_fit"])
        let fitFile = try CLI.run(["fit", "--enterprises", Self.sample, "--runs", "0", "-o", "fit.geojson"])
        try #require(fit.status == 0, "\(fit)")
        try #require(fitFile.status == 0, "\(fitFile)")
        // The enterprises' rejects (none here) go to a file named after the table; nothing else is written.
        #expect(fit.folderEntries == ["plan_fit.enterprises.rejects.csv"], "\(fit.folderEntries)")
        let ranks = try server.psql(
            "SELECT string_agg(unit || ':' || rank, ',' ORDER BY unit) FROM plan_fit", database: database)
        let expected = try Read.geojson(fitFile.path("fit.geojson"))
            .map { "\($0.string("unit") ?? ""):\(Int($0.double("rank") ?? 0))" }.sorted().joined(separator: ",")
        #expect(ranks == expected)
        let comment = try server.psql("SELECT obj_description('plan_fit'::regclass)", database: database)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(comment.utf8)) as? [String: Any])
        #expect((document["provenance"] as? [String: Any])?["command"] as? String == "fit")
        #expect((document["units"] as? [Any])?.count == 23)
    }

    @Test("an existing table is refused, replaced with --overwrite and added to with --append")
    func existingTable() throws {
        let args = ["overlay", CLI.fixture("firms-utf8.csv"), "-o", connection(), "--nln", "firms_out"]
        try #require(try run(args).status == 0)
        let rows = try count("firms_out")
        let rejects = try count("firms_out_rejects")
        let refused = try run(args)
        #expect(refused.status == 1)
        #expect(refused.stderrLines.count == 1 && refused.stderr.contains("--overwrite or --append"), "\(refused)")
        #expect(try count("firms_out") == rows)
        #expect(try run(args + ["--append"]).status == 0)
        #expect(try count("firms_out") == 2 * rows)
        #expect(try count("firms_out_rejects") == 2 * rejects)
        #expect(try run(args + ["--overwrite"]).status == 0)
        #expect(try count("firms_out") == rows)
        #expect(try count("firms_out_rejects") == rejects)
        // Rows in another CRS than the table's would be stored under its SRID: refused, the table untouched.
        let otherCRS = try run(args + ["--append", "-t", "EPSG:4490"])
        #expect(otherCRS.status == 1 && otherCRS.stderrLines.count == 1, "\(otherCRS)")
        #expect(otherCRS.stderr.contains("EPSG:4326"), "\(otherCRS)")
        #expect(try count("firms_out") == rows)
    }

    @Test("texts with tabs, line breaks, backslashes and Chinese arrive as written, in the active_schema")
    func textsAndActiveSchema() throws {
        let names = ["成都\t高新", "一行\n两行\r", #"C:\路径\N"#, #"\N"#, "", "\"引号\""]
        var text = "id,name,lon,lat\n"
        for (row, name) in names.enumerated() {
            let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            text += "\(row + 1),\(quoted),104.06,30.67\n"
        }
        let register = try CLI.newFolder().appendingPathComponent("texts.csv").path
        try text.write(toFile: register, atomically: true, encoding: .utf8)
        try server.psql("CREATE SCHEMA plan", database: database)
        let run = try self.run(["overlay", register, "-o", connection() + " active_schema=plan", "--nln", "texts"])
        try #require(run.status == 0, "\(run)")
        #expect(try server.psql("SELECT to_regclass('public.texts') IS NULL", database: database) == "t")
        let stored = try server.psql(
            "SELECT json_agg(coalesce(name, '<null>') ORDER BY id::int) FROM plan.texts", database: database)
        #expect(try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String] == names, "\(stored)")
    }

    @Test("the streaming path loads the table the OGR path loads: ids, typed values and points, in any CRS")
    func streamingSameAsOGR() throws {
        // Relocate adds the analyses' fields; EPSG:4544 makes every worker reproject its points.
        for (table, via) in [("streamed", [String]()), ("through_ogr", ["--via-ogr"])] {
            let run = try self.run(
                ["relocate", Self.sample, "-o", connection(), "--nln", table, "-t", "EPSG:4544"] + via)
            try #require(run.status == 0, "\(run)")
        }
        #expect(try count("streamed") == 20_000)
        #expect(try server.psql("SELECT Find_SRID('public', 'streamed', 'geom')", database: database) == "4544")
        let differing = try server.psql(
            """
            SELECT count(*) FROM streamed a FULL JOIN through_ogr b ON a.fid = b.fid
            WHERE a.fid IS NULL OR b.fid IS NULL OR to_jsonb(a) - 'geom' <> to_jsonb(b) - 'geom'
               OR ST_Distance(a.geom, b.geom) > 1e-6
            """, database: database)
        #expect(differing == "0")
        let columns =
            "SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY ordinal_position) "
            + "FROM information_schema.columns WHERE table_name = "
        #expect(
            try server.psql(columns + "'streamed'", database: database)
                == server.psql(columns + "'through_ogr'", database: database))
        // Rows added to a table get its next ids, and the key's sequence follows.
        let appended = try self.run(
            ["overlay", Self.sample, "-o", connection(), "--nln", "streamed", "--append", "-t", "EPSG:4544"])
        try #require(appended.status == 0, "\(appended)")
        #expect(
            try server.psql("SELECT min(fid), max(fid), count(DISTINCT fid) FROM streamed", database: database)
                == "1|40000|40000")
        try server.psql("INSERT INTO streamed (id) VALUES ('next')", database: database)
        #expect(try server.psql("SELECT fid FROM streamed WHERE id = 'next'", database: database) == "40001")
    }

    @Test("a run that fails after rows were loaded leaves no table behind")
    func failedRunLeavesNoTable() throws {
        // Row 20020 does not fit the column typed from the first rows: the run stops after the first batches.
        let register = try ColumnTypesCLITests.register(rows: 20_050, late: 20_020)
        let run = try self.run(["overlay", register, "-o", connection(), "--nln", "broken"])
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("row 20020"), "\(run)")
        let tables = try server.psql(
            "SELECT count(*) FROM pg_tables WHERE tablename IN ('broken', 'broken_rejects')", database: database)
        #expect(tables == "0")
        #expect(Self.temporaryRejects().isEmpty, "\(Self.temporaryRejects())")
    }

    @Test("a wrong password or database gives one line and exit 1, and no password shows")
    func wrongCredentials() throws {
        let secret = "not-the-\(UUID().uuidString.prefix(8))"
        let wrongPassword = server.connection(database, password: secret)
        let badDatabase = server.connection("no_such_db", password: server.password)
        for args in [
            ["overlay", wrongPassword, "-l", "firms", "-o", "out.geojson"],
            ["overlay", Self.sample, "-o", wrongPassword, "--nln", "x"],
            ["overlay", badDatabase, "-l", "firms", "-o", "out.geojson"],
        ] {
            let run = try CLI.run(args)
            #expect(run.status == 1, "\(args)")
            #expect(run.stderrLines.count == 1, "\(run)")
            #expect(!run.stderr.contains(secret) && !run.stderr.contains(server.password), "\(run)")
            #expect(run.folderEntries.isEmpty, "\(run.folderEntries)")
        }
        #expect(Self.temporaryRejects().isEmpty, "\(Self.temporaryRejects())")
    }

    @Test("a password in the connection string appears in no output, message or record")
    func passwordNeverShows() throws {
        let withPassword = connection(password: true)
        let runs = [
            try CLI.run(["overlay", withPassword, "-l", "firms", "-o", "out.geojson"]),
            try CLI.run(["overlay", withPassword, "-l", "firms", "-o", "out.gpkg"]),
            try CLI.run(["overlay", withPassword, "-l", "firms", "--in-database", "-o", "out.csv"]),
            try CLI.run(["overlay", Self.sample, "-o", withPassword, "--nln", "secret_test"]),
            try CLI.run(["report", "--enterprises", withPassword, "-l", "firms", "-o", "report"]),
        ]
        for run in runs {
            try #require(run.status == 0, "\(run)")
            #expect(!(run.stdout + run.stderr).contains(server.password), "\(run)")
            let files = FileManager.default.enumerator(atPath: run.folder.path)?.allObjects as? [String] ?? []
            for file in files {
                guard let data = FileManager.default.contents(atPath: run.path(file)) else { continue }
                #expect(data.range(of: Data(server.password.utf8)) == nil, "\(file) holds the password")
            }
        }
        let comment = try server.psql("SELECT obj_description('secret_test'::regclass)", database: database)
        #expect(!comment.isEmpty && !comment.contains(server.password))
    }

    @Test("fit and report take their enterprises from a table, relocate its parks from one")
    func enterprisesAndParksFromTables() throws {
        let fitTable = try self.run([
            "fit", "--enterprises", connection(), "-l", "firms", "--runs", "0", "-o", "fit.csv",
        ])
        let fitCSV = try CLI.run(["fit", "--enterprises", Self.sample, "--runs", "0", "-o", "fit.csv"])
        try #require(fitTable.status == 0, "\(fitTable)")
        try #require(fitCSV.status == 0, "\(fitCSV)")
        // The same figures; sums taken in another order (OGR's batches, the CSV path's pieces) may differ in the last bit.
        let fromTable = try Read.csv(fitTable.path("fit.csv")).rows
        let fromCSV = try Read.csv(fitCSV.path("fit.csv")).rows
        #expect(fromTable.count == 23 && fromCSV.count == 23)
        for (a, b) in zip(fromTable, fromCSV) {
            #expect(Set(a.values.keys) == Set(b.values.keys))
            for key in a.values.keys {
                let (x, y) = (a.string(key) ?? "", b.string(key) ?? "")
                if let u = Double(x), let v = Double(y) {
                    #expect(abs(u - v) <= 1e-9 * max(1, abs(v)), "\(key): \(x) against \(y)")
                } else {
                    #expect(x == y, "\(key)")
                }
            }
        }

        let parksTable = try self.run([
            "relocate", Self.sample, "--parks", connection(), "--parks-layer", "parks", "-o", "out.csv",
        ])
        let parksFile = try CLI.run(["relocate", Self.sample, "--parks", Self.parks, "-o", "out.csv"])
        try #require(parksTable.status == 0, "\(parksTable)")
        try #require(parksFile.status == 0, "\(parksFile)")
        let receivers = { (run: CLI.Run) in try Read.csv(run.path("out.csv")).rows.map { $0.string("receiver_1") ?? "" }
        }
        #expect(try receivers(parksTable) == receivers(parksFile))
        #expect(try receivers(parksFile).contains { !$0.isEmpty })
    }

    @Test("--in-database writes what the in-process overlay writes: ids, fields, geometry and the rows' hash")
    func inDatabaseSameFeatures() throws {
        // A table keyed by its own column, with ids that are not the row numbers.
        try server.load(
            CLI.fixture("firms-utf8.csv"), table: "keyed", database: database,
            options: [
                "-lco", "FID=fid", "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-a_srs", "EPSG:4326",
            ])
        try server.psql("UPDATE keyed SET fid = fid * 10 + 7", database: database)
        let inProcess = try run(["overlay", connection(), "-l", "keyed", "-o", "out.geojson"])
        let inDatabase = try run(["overlay", connection(), "-l", "keyed", "--in-database", "-o", "out.geojson"])
        try #require(inProcess.status == 0, "\(inProcess)")
        try #require(inDatabase.status == 0, "\(inDatabase)")
        let a = try #require(try Read.json(inProcess.path("out.geojson"))["features"] as? [[String: Any]])
        let b = try #require(try Read.json(inDatabase.path("out.geojson"))["features"] as? [[String: Any]])
        #expect(a.map { $0["id"] as? Int } == (1...11).map { $0 * 10 + 7 })
        #expect(NSArray(array: a).isEqual(to: b))
        #expect(
            try provenanceInput(inProcess.path("out.geojson"))["sha256"] as? String
                == provenanceInput(inDatabase.path("out.geojson"))["sha256"] as? String)
    }

    /// Points on and near every unit's boundary (every vertex of its rings, every fifth edge's midpoint), the
    /// first firms of the sample, two points outside the city and a row without coordinates, as a CSV.
    func boundaryPoints() throws -> String {
        let zones = try CLI.run(["zones", "-o", "units.geojson"])
        try #require(zones.status == 0, "\(zones)")
        var lines = ["id,kind,lon,lat"]
        func add(_ kind: String, _ x: Double, _ y: Double) { lines.append("\(lines.count),\(kind),\(x),\(y)") }
        for unit in try Read.geojson(zones.path("units.geojson")) {
            let geometry = try #require(unit.geometry)
            let polygons =
                geometry["type"] as? String == "Polygon"
                ? [geometry["coordinates"] as? [[[Double]]] ?? []] : geometry["coordinates"] as? [[[[Double]]]] ?? []
            for ring in polygons.flatMap({ $0 }) {
                for (index, vertex) in ring.enumerated() {
                    add("vertex", vertex[0], vertex[1])
                    if index % 5 == 0, index + 1 < ring.count {
                        add("midpoint", (vertex[0] + ring[index + 1][0]) / 2, (vertex[1] + ring[index + 1][1]) / 2)
                    }
                }
            }
        }
        for row in try Read.csv(Self.sample).rows.prefix(2_000) {
            lines.append("\(lines.count),firm,\(row.string("lon") ?? ""),\(row.string("lat") ?? "")")
        }
        add("outside", 0.5, 0.5)
        add("outside", 105.9, 31.9)
        lines.append("\(lines.count),empty,,")
        let path = try CLI.newFolder().appendingPathComponent("boundary.csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("--in-database places every row where the in-process overlay does, boundary points included")
    func inDatabase() throws {
        let points = try boundaryPoints()
        try server.load(
            points, table: "pts", database: database,
            options: ["-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-a_srs", "EPSG:4326"])
        let inProcess = try run(["overlay", connection(), "-l", "pts", "-o", "out.geojson"])
        let inDatabase = try run(["overlay", connection(), "-l", "pts", "--in-database", "-o", "out.geojson"])
        try #require(inProcess.status == 0, "\(inProcess)")
        try #require(inDatabase.status == 0, "\(inDatabase)")
        #expect(
            CLI.reconciliation(inDatabase).map { [$0.read, $0.written, $0.rejected] }
                == CLI.reconciliation(inProcess).map { [$0.read, $0.written, $0.rejected] })
        func placed(_ run: CLI.Run) throws -> [String: [String?]] {
            Dictionary(
                try Read.geojson(run.path("out.geojson")).map {
                    ($0.string("id") ?? "", ["unit", "zone", "adcode", "is_core"].map($0.string))
                }
            ) { a, _ in a }
        }
        func rejected(_ run: CLI.Run) throws -> [String: String] {
            Dictionary(
                try Read.csv(run.path("out.rejects.csv")).rows.map {
                    ($0.string("id") ?? "", $0.string("reason") ?? "")
                }
            ) { a, _ in a }
        }
        let a = try placed(inProcess)
        let b = try placed(inDatabase)
        #expect(a.count > 10_000, "\(a.count) placed: too few boundary points to show anything")
        let differing = a.filter { b[$0.key] != $0.value }.map(\.key) + b.keys.filter { a[$0] == nil }
        #expect(
            differing.isEmpty,
            "\(differing.count) rows differ, e.g. \(differing.prefix(5).map { ($0, a[$0] ?? [], b[$0] ?? []) })")
        #expect(try rejected(inProcess) == rejected(inDatabase))
        // Outside: the two far points and midpoints of the city's outer edges that fall just beyond it.
        let reasons = try rejected(inDatabase)
        #expect(Set(reasons.values) == ["no_geometry", "outside"] && reasons.count >= 3, "\(reasons)")
        // The cells are loaded once: a second run finds the same tables; --where is the database's SQL.
        let tablesQuery =
            "SELECT string_agg(oid::text, ',' ORDER BY relname) FROM pg_class WHERE relname LIKE 'zonefit_cell%' "
            + "AND relkind = 'r'"
        let tables = try server.psql(tablesQuery, database: database)
        #expect(tables.split(separator: ",").count == 2, "\(tables)")
        let filter = ["--where", "kind = 'vertex'", "-o", "v.geojson"]
        let again = try run(["overlay", connection(), "-l", "pts", "--in-database"] + filter)
        let vertices = try run(["overlay", connection(), "-l", "pts"] + filter)
        try #require(again.status == 0, "\(again)")
        #expect(try server.psql(tablesQuery, database: database) == tables)
        let expected = try #require(CLI.reconciliation(vertices))
        #expect(
            expected.read == Int(try server.psql("SELECT count(*) FROM pts WHERE kind = 'vertex'", database: database)))
        #expect(CLI.reconciliation(again).map { [$0.read, $0.written] } == [expected.read, expected.written])
    }

    @Test("a scheme whose districts and functional areas are PostGIS tables places firms as the shipped one")
    func schemeLayersInDatabase() throws {
        let shipped = CLI.repoRoot.appendingPathComponent("GeoData/chengdu")
        for (file, table) in [("districts.geojson", "districts"), ("functional-areas.geojson", "functional_areas")] {
            try server.load(shipped.appendingPathComponent(file).path, table: table, database: database)
        }
        var toml = try String(contentsOf: shipped.appendingPathComponent("zones.toml"), encoding: .utf8)
        toml = toml.replacingOccurrences(
            of: "\"districts.geojson\"", with: "\"\(connection()) tables=districts\"")
        toml = toml.replacingOccurrences(
            of: "\"functional-areas.geojson\"", with: "\"\(connection()) tables=functional_areas\"")
        toml = toml.replacingOccurrences(
            of: "\"city.geojson\"", with: "\"\(shipped.appendingPathComponent("city.geojson").path)\"")
        let scheme = try CLI.newFolder().appendingPathComponent("zones.toml").path
        try toml.write(toFile: scheme, atomically: true, encoding: .utf8)
        let expected = try CLI.run(["overlay", Self.sample, "-o", "out.csv"])
        try #require(expected.status == 0, "\(expected)")
        // Twice, into a cache of its own: the built layer is stored under a key from the hash of the tables'
        // rows, and the second run finds the same key (one entry, no second).
        let cache = try CLI.newFolder()
        for _ in 0..<2 {
            let run = try CLI.run(
                ["overlay", "--scheme", scheme, Self.sample, "-o", "out.csv"], scheme: false,
                environment: server.passwordEnvironment.merging(["ZONEFIT_CACHE_DIR": cache.path]) { $1 })
            try #require(run.status == 0, "\(run)")
            let units = try Read.csv(run.path("out.csv")).rows.map { $0.string("unit") }
            #expect(try units == Read.csv(expected.path("out.csv")).rows.map { $0.string("unit") })
            let entries = try FileManager.default.contentsOfDirectory(
                atPath: cache.appendingPathComponent("layers").path)
            #expect(entries.count == 1, "\(entries)")
        }
    }

    @Test("/vsigzip/ and /vsizip/ sources are read and hashed by their member")
    func virtualPaths() throws {
        let folder = try CLI.newFolder()
        let gzip = folder.appendingPathComponent("firms.csv.gz").path
        let zip = folder.appendingPathComponent("parks.zip").path
        let pack = try Program.output(of: [
            "python3", "-c",
            "import gzip, shutil, sys, zipfile\n"
                + "shutil.copyfileobj(open(sys.argv[1], 'rb'), gzip.open(sys.argv[2], 'wb'))\n"
                + "zipfile.ZipFile(sys.argv[4], 'w', zipfile.ZIP_DEFLATED).write(sys.argv[3], 'parks.geojson')",
            Self.sample, gzip, Self.parks, zip,
        ])
        try #require(pack.status == 0, "\(pack.text)")
        let run = try CLI.run([
            "relocate", "/vsigzip/\(gzip)", "--parks", "/vsizip/\(zip)/parks.geojson", "-o", "out.geojson",
        ])
        try #require(run.status == 0, "\(run)")
        #expect(try Read.geojson(run.path("out.geojson")).count == 20_000)
        #expect(try provenanceInput(run.path("out.geojson"))["sha256"] as? String == CLI.sha256(of: Self.sample))
    }
}
