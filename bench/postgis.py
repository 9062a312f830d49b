#!/usr/bin/env python3
"""zonefit with PostGIS (issue 13): a register read from a table and the result
written back, side by side with the I/O floor and with GeoPandas.

Run through bench/run.sh (after bench.py), which builds zonefit and the virtual
environment. Starts a throw-away server (scripts/postgis.sh), and for each N
loads `zonefit synth` firms into a table `firms` (ogr2ogr, typed columns),
then times in one run:

- zonefit overlay of the synth CSV into a table, in pairs with that ogr2ogr load
  (the floor of a CSV → PostgreSQL output),
- ogr2ogr copying `firms` to another table with PG_USE_COPY=YES (the floor:
  the same rows out of the database and back in, with its GiST index),
- zonefit overlay PG:… -l firms -o PG:… --nln placed (the same, plus the
  overlay), in pairs with the floor (A B A B …, the median of the pairs' ratios),
- GeoPandas read_postgis + sjoin + to_postgis (peer_geopandas_postgis.py),
- zonefit overlay --in-database (the cells loaded into PostGIS, ST_Covers
  there), whose assignments must equal the in-process overlay's on every row,

checks that zonefit and GeoPandas put every firm in the same unit, and writes
bench/results-postgis.md. Targets: zonefit ÷ ogr2ogr at most 1.5, GeoPandas ÷
zonefit at least 3.
"""
import argparse
import datetime
import os
import statistics
import subprocess
import sys

import bench as core

SIZES = {"100k": 100_000, "1m": 1_000_000}
PAIRS = 3
FLOOR_RATIO_MAX = 1.5
PEER_SPEEDUP_MIN = 3


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--zonefit", required=True)
    parser.add_argument("--sizes", default="100k,1m")
    parser.add_argument("--no-peers", action="store_true", help="skip GeoPandas")
    parser.add_argument("--data", default=core.DEFAULT_DATA)
    parser.add_argument("--timeout", type=int, default=1800)
    parser.add_argument("--results", default=os.path.join(core.BENCH, "results-postgis.md"))
    return parser.parse_args()


def start_server():
    """Starts scripts/postgis.sh's server; returns its variables."""
    text = subprocess.run(["bash", os.path.join(core.ROOT, "scripts", "postgis.sh"), "start"], check=True,
                          capture_output=True, text=True).stdout
    return dict(line.removeprefix("export ").split("=", 1) for line in text.splitlines() if "=" in line)


def psql(server, sql):
    return subprocess.run(
        ["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", server["ZONEFIT_PG_PORT"],
         "-U", server["ZONEFIT_PG_USER"], "-d", server["ZONEFIT_PG_DB"], "-c", sql],
        check=True, capture_output=True, text=True).stdout.strip()


def measure_pairs(first, second, timeout, logs):
    """Runs two commands in turn (A B A B …), PAIRS times, each given as (name, command, log stem);
    returns the pairs of measurements, ending early at the first pair with a failed run."""
    pairs = []
    for index in range(PAIRS):
        a, b = (core.measure(f"{name} (pair {index + 1})", command, timeout,
                             os.path.join(logs, f"{stem}.{index}.log")) for name, command, stem in (first, second))
        if "error" in a or "error" in b:
            break
        pairs.append((a, b))
    return pairs


def main():
    args = parse_args()
    zonefit = os.path.abspath(args.zonefit)
    data_dir = os.path.abspath(args.data)
    logs = os.path.join(data_dir, "logs")
    os.makedirs(logs, exist_ok=True)
    server = start_server()
    os.environ["PGPASSWORD"] = server["ZONEFIT_PG_PASSWORD"]
    connection = (f"PG:host=127.0.0.1 port={server['ZONEFIT_PG_PORT']} dbname={server['ZONEFIT_PG_DB']} "
                  f"user={server['ZONEFIT_PG_USER']}")
    url = (f"postgresql+psycopg2://{server['ZONEFIT_PG_USER']}@127.0.0.1:{server['ZONEFIT_PG_PORT']}/"
           f"{server['ZONEFIT_PG_DB']}")
    started = datetime.datetime.now(datetime.timezone.utc)
    units = os.path.join(data_dir, "units.geojson")
    rows, checks, failed = [], [], False
    try:
        subprocess.run([zonefit, "zones", "-o", units], check=True, capture_output=True, timeout=300)
        for label in args.sizes.split(","):
            n = SIZES[label]
            points = os.path.join(data_dir, f"synth-{n}.csv")
            if not os.path.exists(points):
                core.log(f"synth: {n:,} firms")
                core.synthesise(zonefit, n, points, args.timeout)
            # The register's load into `firms` is itself the floor of a CSV → PostgreSQL output: zonefit
            # overlays the same CSV into a table, in pairs with it.
            load = ["ogr2ogr", "-f", "PostgreSQL", connection, points, "-nln", "firms", "-overwrite",
                    "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-oo", "AUTODETECT_TYPE=YES",
                    "-a_srs", "EPSG:4326", "-lco", "GEOMETRY_NAME=geom", "--config", "PG_USE_COPY", "YES"]
            from_csv = [zonefit, "overlay", points, "-o", connection, "--nln", "placed_csv", "--overwrite", "--quiet"]
            csv_pairs = measure_pairs(("zonefit CSV → PG", from_csv, f"pg-zonefit-csv-{label}"),
                                      ("ogr2ogr CSV → PG load", load, f"pg-ogr2ogr-load-{label}"), args.timeout, logs)
            if len(csv_pairs) < PAIRS:
                raise RuntimeError(f"N={label}: loading the CSV into PostgreSQL failed (logs in {logs})")
            placed_csv = int(psql(server, "SELECT count(*) FROM placed_csv"))
            checks.append(f"N={label}: zonefit CSV → PG wrote {placed_csv:,} of {n:,} rows — "
                          f"{'ok' if placed_csv == n else 'FAIL'}")
            failed |= placed_csv != n
            psql(server, "VACUUM ANALYZE firms")
            floor = ["ogr2ogr", "-f", "PostgreSQL", connection, connection, "firms", "-nln", "firms_copy",
                     "-overwrite", "--config", "PG_USE_COPY", "YES"]
            command = [zonefit, "overlay", connection, "-l", "firms", "-o", connection, "--nln", "placed",
                       "--overwrite", "--quiet"]
            pairs = measure_pairs(("zonefit", command, f"pg-zonefit-{label}"),
                                  ("ogr2ogr copy", floor, f"pg-ogr2ogr-{label}"), args.timeout, logs)
            if len(pairs) < PAIRS:
                checks.append(f"N={label}: a run failed — FAIL")
                failed = True
            if not pairs:
                continue
            ratio = statistics.median(a["wall"] / b["wall"] for a, b in pairs)
            zonefit_best = min((a for a, _ in pairs), key=lambda m: m["wall"])
            floor_best = min((b for _, b in pairs), key=lambda m: m["wall"])
            placed = int(psql(server, "SELECT count(*) FROM placed"))
            rejected = int(psql(server, "SELECT count(*) FROM placed_rejects"))
            checks.append(f"N={label}: zonefit wrote {placed:,} + rejected {rejected:,} = {placed + rejected:,} "
                          f"of {n:,} — {'ok' if placed + rejected == n else 'FAIL'}")
            failed |= placed + rejected != n
            row = {"n": n, "zonefit": zonefit_best, "floor": floor_best, "ratio": ratio,
                   "csv": min((a for a, _ in csv_pairs), key=lambda m: m["wall"]),
                   "csv_floor": min((b for _, b in csv_pairs), key=lambda m: m["wall"]),
                   "csv_ratio": statistics.median(a["wall"] / b["wall"] for a, b in csv_pairs)}
            # The cells are loaded on the first --in-database run; the second is the one timed.
            in_db = [zonefit, "overlay", connection, "-l", "firms", "--in-database", "-o", connection, "--nln",
                     "placed_db", "--overwrite", "--quiet"]
            for attempt in ("load", "timed"):
                pushed = core.measure(f"zonefit --in-database ({attempt})", in_db, args.timeout,
                                      os.path.join(logs, f"pg-zonefit-in-database-{label}.{attempt}.log"))
            if "error" in pushed:
                checks.append(f"N={label}: zonefit --in-database failed ({pushed['error']}) — FAIL")
                failed = True
            else:
                row["in_database"] = pushed
                differ = int(psql(server, "SELECT count(*) FROM placed p FULL JOIN placed_db d ON d.id = p.id "
                                          "WHERE p.unit IS DISTINCT FROM d.unit OR p.zone IS DISTINCT FROM d.zone"))
                rejects = psql(server, "SELECT (SELECT count(*) FROM placed_rejects) = "
                                       "(SELECT count(*) FROM placed_db_rejects)")
                row["in_database_differ"] = differ
                checks.append(f"N={label}: --in-database and in-process assignments differ on {differ} rows, "
                              f"rejects {'equal' if rejects == 't' else 'DIFFER'} — "
                              f"{'ok' if differ == 0 and rejects == 't' else 'FAIL'}")
                failed |= differ != 0 or rejects != "t"
            if not args.no_peers:
                peer = core.measure("geopandas", [sys.executable, os.path.join(core.BENCH, "peer_geopandas_postgis.py"),
                                                  url, "firms", units, "gp_placed"], args.timeout,
                                    os.path.join(logs, f"pg-geopandas-{label}.log"))
                if "error" not in peer:
                    row["peer"] = peer
                    differ = int(psql(server, "SELECT count(*) FROM placed p FULL JOIN gp_placed g "
                                              "ON g.ogc_fid = p.fid WHERE p.unit IS DISTINCT FROM g.unit"))
                    allowed = int(n * core.MAX_DISAGREE_SHARE)
                    checks.append(f"N={label}: GeoPandas and zonefit disagree on {differ} firms "
                                  f"(boundary points; at most {allowed}) — {'ok' if differ <= allowed else 'FAIL'}")
                    failed |= differ > allowed
                else:
                    checks.append(f"N={label}: GeoPandas failed ({peer['error']}) — FAIL")
                    failed = True
            rows.append(row)
            psql(server, "DROP TABLE IF EXISTS firms, firms_copy, placed, placed_rejects, placed_db, placed_db_rejects, "
                         "gp_placed, placed_csv, placed_csv_rejects")
    finally:
        subprocess.run(["bash", os.path.join(core.ROOT, "scripts", "postgis.sh"), "stop", server["ZONEFIT_PG_DIR"]])

    lines = [
        "# zonefit with PostGIS: bench record", "",
        f"Run {started:%Y-%m-%d %H:%M} UTC by `bash bench/run.sh` (bench/postgis.py); {core.machine()}.",
        "A throw-away PostgreSQL 15 / PostGIS 3.3 server (scripts/postgis.sh, fsync off) on the same machine.", "",
        "| N | zonefit PG → overlay → PG (s) | ogr2ogr PG → PG copy (s) | zonefit ÷ ogr2ogr (median of "
        f"{PAIRS} pairs) | GeoPandas read_postgis + sjoin + to_postgis (s) | GeoPandas ÷ zonefit | zonefit peak RSS (MiB) "
        "| zonefit --in-database PG → PG (s) | --in-database rows differing |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        peer = row.get("peer")
        lines.append(
            f"| {core.fmt_n(row['n'])} | {row['zonefit']['wall']:.2f} | {row['floor']['wall']:.2f} | {row['ratio']:.2f} | "
            + (f"{peer['wall']:.2f} | {peer['wall'] / row['zonefit']['wall']:.1f} | " if peer else "— | — | ")
            + f"{row['zonefit']['rss_mib']:.0f} | "
            + (f"{row['in_database']['wall']:.2f} | {row['in_database_differ']} |" if "in_database" in row else "— | — |"))
    lines += [
        "", "A CSV register into PostgreSQL: `zonefit overlay synth.csv -o PG:… --nln placed_csv` against "
        "ogr2ogr loading the same CSV (`PG_USE_COPY=YES`, typed columns, point geometry) with no overlay.", "",
        f"| N | zonefit CSV → overlay → PG (s) | ogr2ogr CSV → PG load (s) | zonefit ÷ ogr2ogr (median of {PAIRS} "
        "pairs) | zonefit peak RSS (MiB) |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(f"| {core.fmt_n(row['n'])} | {row['csv']['wall']:.2f} | {row['csv_floor']['wall']:.2f} | "
                     f"{row['csv_ratio']:.2f} | {row['csv']['rss_mib']:.0f} |")
    lines += ["", "Targets:"]
    for row in rows:
        label = core.fmt_n(row["n"])
        met = row["ratio"] <= FLOOR_RATIO_MAX
        lines.append(f"- N={label}: zonefit ÷ ogr2ogr {row['ratio']:.2f} (at most {FLOOR_RATIO_MAX}) — "
                     f"{'met' if met else 'NOT met'}")
        if "peer" in row:
            speedup = row["peer"]["wall"] / row["zonefit"]["wall"]
            lines.append(f"- N={label}: GeoPandas ÷ zonefit {speedup:.1f} (at least {PEER_SPEEDUP_MIN}) — "
                         f"{'met' if speedup >= PEER_SPEEDUP_MIN else 'NOT met'}")
    lines += ["", "Checks:"] + [f"- {check}" for check in checks] + [""]
    with open(args.results, "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
