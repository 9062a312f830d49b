#!/usr/bin/env python3
"""zonefit overlay side by side with GeoPandas, DuckDB spatial and a minimal C program on GEOS (issue 6),
and zonefit's analyses (relocate, fit, clusters, diff, report) against the bare overlay and a GeoPandas relocate.

Run through bench/run.sh, which builds zonefit and the virtual environment.
Compiles the GEOS C peer (peer_geos.c) with cc into bench/data/bin. For each N:
makes the points with `zonefit synth`, runs every tool on the same file under
/usr/bin/time -v (zonefit also to GeoJSONSeq, which the peers do
not write), checks that all agree on which unit each point is in; then times
`zonefit relocate`, its GeoPandas peer (peer_geopandas_relocate.py), `zonefit
fit` and `zonefit report` on the same file and checks that the peer flags the
same firms and sums the same per-unit summary. Prints the tables and writes
bench/results.md. --data DIR puts the generated files elsewhere than bench/data.
"""
import argparse
import csv
import datetime
import json
import math
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
DEFAULT_DATA = os.path.join(BENCH, "data")
SIZES = {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
# Points a peer may disagree with zonefit on, as a share of N: only points
# that lie exactly on a unit boundary (see check()).
MAX_DISAGREE_SHARE = 0.00001  # 0.001 %
# Outputs only zonefit writes (issue 6: peak RSS independent of N for point overlays to CSV, GeoJSONSeq and
# GeoPackage); the peers write CSV, GeoJSON and GeoPackage.
ZONEFIT_ONLY_OUTPUTS = ["geojsonl"]  # GeoJSONSeq
# 1M points to GeoPackage: zonefit at least this many times faster than the fastest peer (GeoPandas with pyogrio
# and Arrow, DuckDB's GDAL writer, ogr2ogr converting zonefit's own CSV output).
GPKG_PEER_SPEEDUP_MIN = 3
# Outputs whose peak RSS must not grow with N, by file extension → the name in the target line.
MEMORY_TARGET_OUTPUTS = {"csv": "CSV", "geojsonl": "GeoJSONSeq", "gpkg": "GPKG"}
# Peak RSS at the largest N allowed over the next smaller N, and its ceiling.
MEMORY_GROWTH_MAX = 1.25
MEMORY_CEILING_MIB = 300
# The analyses. zonefit relocate reads its default rule profile ($ZONEFIT_RULES, else the shipped one); the
# GeoPandas peer is given the same file.
NONCORE_PROFILE = os.environ.get("ZONEFIT_RULES") or os.path.join(ROOT, "GeoData", "rules", "noncore.toml")
# Firms in the file that measures the report's fixed cost (maps, HTML, Markdown, targets: what does not grow with N).
REPORT_FIXED_N = 1_000
# Targets: GeoPandas relocate ÷ zonefit relocate at least; zonefit command ÷ bare overlay (report: ÷ overlay +
# the fixed cost) at most.
RELOCATE_PEER_SPEEDUP_MIN = 10
RELOCATE_OVER_OVERLAY_MAX = 2
FIT_OVER_OVERLAY_MAX = 2
REPORT_OVER_OVERLAY_MAX = 3
# zonefit diff of the points and their next month (synth --evolve) ÷ one bare overlay, at most.
DIFF_OVER_OVERLAY_MAX = 3
# zonefit clusters (every chain, 1 km grid, Gi*, Local Moran with 999 permutations) ÷ one bare overlay, at most.
CLUSTERS_OVER_OVERLAY_MAX = 3
# The "÷ bare overlay" ratios are taken from this many runs of the command and the overlay in turn (A B A B …),
# the median of the pairs' ratios: one run of each drifted by 2× on this machine (the overlay's own time went
# from 0.43 to 0.95 s between single runs), and a pair run back to back shares the machine's mood.
OVERLAY_PAIRS = {100_000: 5, 1_000_000: 5, 10_000_000: 3}
# Typed columns (numbers as numbers) at most this much slower than untyped (--no-types), CSV → CSV.
TYPED_OVER_UNTYPED_MAX = 1.15
# Relocation summary sums (freed land, employees, revenue) compared within this relative tolerance: the two tools
# add the same numbers in a different order.
SUMMARY_REL_TOL = 1e-9


def log(message):
    print(message, file=sys.stderr, flush=True)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--zonefit", required=True, help="the release binary")
    parser.add_argument("--sizes", default="100k,1m", help="comma-separated: 100k, 1m, 10m (default 100k,1m)")
    parser.add_argument("--big", action="store_true", help="add 10m (zonefit only: peers stop at --peers-max)")
    parser.add_argument("--peers-max", type=int, default=1_000_000, help="largest N the peers run on (default 1000000)")
    parser.add_argument("--no-peers", action="store_true", help="zonefit rows only")
    parser.add_argument("--no-geojson", action="store_true",
                        help="skip the GeoJSON and GeoJSONSeq outputs (with --no-gpkg: CSV output only)")
    parser.add_argument("--no-gpkg", action="store_true", help="skip the GeoPackage outputs (zonefit's and the peers')")
    parser.add_argument("--no-profile", action="store_true", help="skip the perf profile of zonefit at 1M")
    parser.add_argument("--no-analyses", action="store_true",
                        help="skip the relocate, fit and report rows (and the GeoPandas relocate peer)")
    parser.add_argument("--no-report", action="store_true",
                        help="skip the report rows (the slowest analysis), keep relocate and fit")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds allowed for one run (default 1800)")
    parser.add_argument("--keep-data", action="store_true", help="keep the generated points and outputs in the data folder")
    parser.add_argument("--data", default=DEFAULT_DATA,
                        help="folder for the generated points, outputs, logs and the compiled geos-c (default bench/data)")
    parser.add_argument("--results", default=os.path.join(BENCH, "results.md"), help="where to write the markdown record")
    args = parser.parse_args()
    labels = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    if args.big and "10m" not in labels:
        labels.append("10m")
    for label in labels:
        if label not in SIZES:
            parser.error(f"unknown size {label!r}: use 100k, 1m or 10m")
    args.labels = sorted(labels, key=SIZES.get)
    return args


# ---------------------------------------------------------------- running

def offline_prefix():
    """`unshare -n` when it works here: the peers then run with no network at all."""
    if shutil.which("unshare"):
        if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
            return ["unshare", "-n"]
    return []


def parse_time_v(text):
    def field(name):
        match = re.search(rf"^\s*{re.escape(name)}:\s*(.+)$", text, re.M)
        return match.group(1).strip() if match else None

    wall_text = field("Elapsed (wall clock) time (h:mm:ss or m:ss)") or "0:0"
    seconds = 0.0
    for part in wall_text.split(":"):
        seconds = seconds * 60 + float(part)
    return {
        "wall": seconds,
        "cpu": float(field("User time (seconds)") or 0) + float(field("System time (seconds)") or 0),
        "rss_mib": int(field("Maximum resident set size (kbytes)") or 0) / 1024,
        "status": int(field("Exit status") or 0),
    }


def measure(name, command, timeout, log_path):
    """Runs `command` under /usr/bin/time -v with a timeout; returns the measurement."""
    time_file = log_path + ".time"
    full = ["timeout", "-k", "10", str(timeout), "/usr/bin/time", "-v", "-o", time_file] + command
    log(f"  {name}: {' '.join(command)}")
    # Every run starts with no dirty pages left by the one before (at 10M a run writes
    # GBs, and the kernel would make the next run pay for flushing them).
    os.sync()
    started = time.monotonic()
    with open(log_path, "w") as stderr_file:
        proc = subprocess.run(full, stdout=subprocess.DEVNULL, stderr=stderr_file)
    elapsed = time.monotonic() - started
    with open(log_path) as f:
        stderr_text = f.read()
    if proc.returncode == 124 or proc.returncode == 137:
        log(f"    timed out after {timeout} s")
        return {"error": f"timed out after {timeout} s", "wall": elapsed}
    result = parse_time_v(open(time_file).read()) if os.path.exists(time_file) else {"wall": elapsed}
    if proc.returncode != 0:
        tail = stderr_text.strip().splitlines()[-3:]
        log(f"    failed (exit {proc.returncode}): {' | '.join(tail)}")
        result["error"] = f"exit {proc.returncode}: {tail[-1] if tail else ''}"
        return result
    phases = [line for line in stderr_text.splitlines() if line.startswith("{")]
    if phases:
        try:
            result["phases"] = json.loads(phases[-1])
        except ValueError:
            pass
    log(f"    {result['wall']:.2f} s wall, {result['cpu']:.2f} s CPU, {result['rss_mib']:.0f} MiB")
    return result


def without_coordinates(points, path):
    """The synthetic register as a bureau hands it over, with 住所 and no coordinates: `points` without its lon and
    lat columns (through a temporary name)."""
    with open(points, newline="", encoding="utf-8-sig") as source, \
            open(path + ".tmp.csv", "w", newline="", encoding="utf-8") as target:
        reader, writer = csv.reader(source), csv.writer(target)
        header = next(reader)
        keep = [i for i, name in enumerate(header) if name not in ("lon", "lat")]
        writer.writerow([header[i] for i in keep])
        for row in reader:
            writer.writerow([row[i] for i in keep])
    os.rename(path + ".tmp.csv", path)


def synthesise(zonefit, n, path, timeout):
    """`zonefit synth -n N --seed 1` into path (through a temporary name, so a cut run leaves no short file)."""
    subprocess.run([zonefit, "synth", "-n", str(n), "--seed", "1", "-o", path + ".tmp.csv"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
    os.rename(path + ".tmp.csv", path)


# The columns of the points, for the record (read from the data, not assumed).
SYNTH_HEADER = []


# ---------------------------------------------------------------- the GEOS C peer

def geojson_to_wkt(geometry):
    """WKT of a GeoJSON Polygon or MultiPolygon; repr() keeps every float exactly as parsed."""
    def ring(coords):
        return "(" + ", ".join(" ".join(repr(c) for c in point[:2]) for point in coords) + ")"

    def polygon(rings):
        return "(" + ", ".join(ring(r) for r in rings) + ")"

    if geometry["type"] == "Polygon":
        return "POLYGON " + polygon(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return "MULTIPOLYGON (" + ", ".join(polygon(p) for p in geometry["coordinates"]) + ")"
    raise ValueError(f"unit geometry {geometry['type']}: peer_geos takes polygons only")


def write_units_wkt(units_geojson, path):
    """The units as peer_geos reads them: unit, unit_name, zone, is_core, WKT — tab-separated, in file order
    (zonefit's boundary rule: the first unit listed wins), from the same units.geojson the other peers read."""
    with open(units_geojson, encoding="utf-8") as f:
        features = json.load(f)["features"]
    with open(path, "w", encoding="utf-8") as out:
        for feature in features:
            p = feature["properties"]
            fields = [p["unit"], p["name"], p["zone"], json.dumps(p["is_core"]) if isinstance(p["is_core"], bool) else p["is_core"]]
            fields = [str(v) for v in fields]
            if any("\t" in v or "\n" in v for v in fields):
                raise ValueError(f"unit {p['unit']}: a tab or newline in its properties")
            out.write("\t".join(fields) + "\t" + geojson_to_wkt(feature["geometry"]) + "\n")


def c_compiler():
    """$CC (split like a shell would: "ccache gcc" works) when it runs, else cc, gcc or clang on PATH; [] if none."""
    cc = shlex.split(os.environ.get("CC", "")) or [shutil.which("cc") or shutil.which("gcc") or shutil.which("clang") or ""]
    return cc if cc[0] and shutil.which(cc[0]) else []


def build_geos_peer(out_dir):
    """Compiles peer_geos.c with cc -O2 against the system GEOS; (binary, None) or (None, why not)."""
    cc = c_compiler()
    if not cc:
        return None, f"no C compiler ({os.environ.get('CC') or 'cc'}) found"
    if not shutil.which("geos-config"):
        return None, "no geos-config on PATH (apt-get install libgeos-dev)"
    os.makedirs(out_dir, exist_ok=True)
    binary = os.path.join(out_dir, "peer_geos")
    flags = (command_output(["geos-config", "--cflags"]) + " " + command_output(["geos-config", "--clibs"])).split()
    command = cc + ["-std=c11", "-O2", "-o", binary, os.path.join(BENCH, "peer_geos.c")] + flags + ["-lpthread"]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.SubprocessError) as error:
        return None, f"`{' '.join(command)}` failed: {error}"
    if proc.returncode != 0:
        return None, f"`{' '.join(command)}` failed (exit {proc.returncode}): {(proc.stderr.strip().splitlines() or [''])[-1]}"
    return binary, None


# ---------------------------------------------------------------- checking

PROPERTY_ID = re.compile(rb'"properties":\s*\{.*?"id":\s*"([^"]*)"')
PROPERTY_UNIT = re.compile(rb'"properties":\s*\{.*?"unit":\s*"([^"]*)"')


def read_assignment(path):
    """id → unit for every output row, as a DataFrame with columns id, unit."""
    import pandas as pd
    if path.endswith(".csv"):
        return pd.read_csv(path, usecols=["id", "unit"], dtype=str, encoding="utf-8-sig")
    if path.endswith(".gpkg"):
        import pyogrio
        # GDAL 3.12 (pyogrio's wheel) would write OUT.gpkg.aux.xml beside a GeoPackage holding dataset
        # metadata (zonefit's provenance) on a read-only open; PAM off leaves the data folder as it was.
        pyogrio.set_gdal_config_options({"GDAL_PAM_ENABLED": "NO"})
        frame = pyogrio.read_dataframe(path, columns=["id", "unit"], read_geometry=False)
        return pd.DataFrame({"id": frame["id"].astype(str), "unit": frame["unit"].astype(str)})
    # GeoJSON and GeoJSONSeq: zonefit, GDAL (DuckDB) and pyogrio (GeoPandas) all write one
    # feature a line (a FeatureCollection's features, or GeoJSONSeq's lines, with or without
    # RFC 8142's leading RS); reading two properties with a regular expression streams any size.
    ids, units = [], []
    with open(path, "rb") as f:
        for line in f:
            if b'"Feature"' not in line:
                continue
            i, u = PROPERTY_ID.search(line), PROPERTY_UNIT.search(line)
            if not i or not u:
                raise ValueError(f"{path}: a feature without id or unit: {line[:200]!r}")
            ids.append(i.group(1).decode())
            units.append(u.group(1).decode())
    return pd.DataFrame({"id": ids, "unit": units})


def compare(reference, other):
    """Points placed differently by two outputs: (total, only in reference, only in other,
    different unit, duplicated ids in other, a few examples)."""
    import pandas as pd
    duplicates = int(other["id"].duplicated().sum())
    merged = pd.merge(reference, other.drop_duplicates("id"), on="id", how="outer", suffixes=("_ref", "_other"))
    only_ref = int(merged["unit_other"].isna().sum())
    only_other = int(merged["unit_ref"].isna().sum())
    differ = merged["unit_ref"].fillna("-") != merged["unit_other"].fillna("-")
    changed = int(differ.sum()) - only_ref - only_other
    return {"total": int(differ.sum()) + duplicates, "only_ref": only_ref, "only_other": only_other,
            "changed": changed, "duplicates": duplicates, "sample": merged[differ].head(3)}


def count_rows(path):
    """Data rows of a CSV written by zonefit (a header, no embedded newlines in synth data)."""
    with open(path, "rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 24), b"")) - 1


# ---------------------------------------------------------------- the analyses

def analysis_runs(zonefit, peer_python, points, addressed, evolved, units, label, data_dir, with_report):
    """One N's analyses as (tool, output, paths, command); paths are what the run writes, deleted after the checks.
    `addressed` is `points` without coordinates (`without_coordinates`), `evolved` their next month
    (`zonefit synth --evolve`). `peer_python` runs the GeoPandas relocate peer (the venv's Python, under `unshare -n` where that works), or is
    None to leave it out."""
    def path(name):
        return os.path.join(data_dir, f"{name}-{label}")

    out, summary = path("zonefit-relocate") + ".csv", path("zonefit-relocate") + ".summary.csv"
    runs = [("zonefit relocate", "csv + summary", [out, summary],
             [zonefit, "relocate", points, "-o", out, "--summary", summary])]
    if peer_python:
        out, summary = path("geopandas-relocate") + ".csv", path("geopandas-relocate") + ".summary.csv"
        runs.append(("geopandas relocate", "csv + summary", [out, summary],
                     peer_python + [os.path.join(BENCH, "peer_geopandas_relocate.py"), points, units, NONCORE_PROFILE,
                                    out, summary]))
    # The same firms placed by their addresses (no coordinates): the register tiers read through OGR.
    out = path("zonefit-by-address") + ".csv"
    runs.append(("zonefit overlay by address", "csv", [out], [zonefit, "overlay", addressed, "-o", out]))
    out, summary, progress = (path("zonefit-diff") + ending for ending in (".csv", ".summary.csv", ".progress.csv"))
    runs.append(("zonefit diff", "csv + summary + progress", [out, summary, progress],
                 [zonefit, "diff", points, evolved, "-o", out, "--summary", summary, "--progress", progress]))
    out = path("zonefit-clusters") + ".gpkg"
    runs.append(("zonefit clusters", "gpkg + grid gpkg", [out, path("zonefit-clusters") + ".grid.gpkg"],
                 [zonefit, "clusters", "--enterprises", points, "-o", out]))
    out = path("zonefit-fit") + ".geojson"
    runs.append(("zonefit fit", "geojson", [out], [zonefit, "fit", "--enterprises", points, "-o", out]))
    if with_report:
        out = path("zonefit-report")
        runs.append(("zonefit report", "folder", [out], [zonefit, "report", "--enterprises", points, "-o", out]))
    return runs


def paired_ratio(tool, command, n, paths, timeout, log_base, baseline):
    """`command` and `baseline` (command, its output) run OVERLAY_PAIRS[n] times in turn: [(command wall, baseline
    wall)], or None when a run fails. The outputs are removed after each run."""
    pairs = []
    for index in range(OVERLAY_PAIRS.get(n, 3)):
        a = measure(f"{tool} (pair {index + 1})", command, timeout, f"{log_base}.pair{index + 1}.log")
        for p in paths:
            remove_outputs(p)
        b = measure(f"baseline (pair {index + 1})", baseline[0], timeout, f"{log_base}.pair{index + 1}.baseline.log")
        remove_outputs(baseline[1])
        if "error" in a or "error" in b:
            return None
        pairs.append((a["wall"], b["wall"]))
    return pairs


def remove_outputs(path):
    """Deletes an analysis output and what zonefit writes beside it: rejects, fit's <stem>.csv and <stem>.json,
    or a report's folder."""
    if os.path.isdir(path):
        shutil.rmtree(path)
        return
    stem = os.path.splitext(path)[0]
    for p in (path, stem + ".rejects.csv", stem + ".enterprises.rejects.csv", stem + ".csv", stem + ".csvt",
              stem + ".json", stem + ".before.rejects.csv", stem + ".after.rejects.csv", stem + ".coverage.csv"):
        if os.path.exists(p):
            os.remove(p)


# What the GeoPandas relocate peer must write as zonefit does, firm by firm (besides unit and flagged).
RELOCATION_TEXTS = ("noncore_category", "rules", "priority_components", "reason_zh", "reason_en", "chains")


def read_flags(path):
    """id, unit, flagged (bool), priority (a number, NaN for none) and RELOCATION_TEXTS ("" for none) of every row
    of a relocate output."""
    import pandas as pd
    frame = pd.read_csv(path, usecols=["id", "unit", "flagged", "priority", *RELOCATION_TEXTS], dtype=str,
                        encoding="utf-8-sig", keep_default_na=False)
    frame["flagged"] = frame["flagged"].str.lower().isin(["1", "true"])
    frame["priority"] = pd.to_numeric(frame["priority"], errors="coerce")
    return frame


def compare_flags(reference, other):
    """Firms two relocate outputs treat differently: placed differently (placed by one only, in another unit, or
    twice: points on unit boundaries) or placed alike but flagged or categorised differently (a rule difference);
    with the units the differently placed firms are in, on either side, and a few rule differences."""
    import pandas as pd
    duplicated = other["id"].duplicated(keep=False)
    duplicates = int(other["id"].duplicated().sum())
    merged = pd.merge(reference, other.drop_duplicates("id"), on="id", how="outer", suffixes=("_ref", "_other"),
                      indicator=True)
    only_ref, only_other = merged["_merge"] == "left_only", merged["_merge"] == "right_only"
    both = merged["_merge"] == "both"
    moved = both & (merged["unit_ref"] != merged["unit_other"])
    priority_differs = ~((merged["priority_ref"] == merged["priority_other"])
                         | (merged["priority_ref"].isna() & merged["priority_other"].isna()))
    differ = both & ~moved & ((merged["flagged_ref"] != merged["flagged_other"]) | priority_differs)
    for column in RELOCATION_TEXTS:
        differ |= both & ~moved & (merged[column + "_ref"] != merged[column + "_other"])
    boundary_units = (set(merged.loc[only_ref | moved, "unit_ref"]) | set(merged.loc[only_other | moved, "unit_other"])
                      | set(other.loc[duplicated, "unit"]))
    return {"placed_differently": int(only_ref.sum() + only_other.sum() + moved.sum()) + duplicates,
            "only_ref": int(only_ref.sum()), "only_other": int(only_other.sum()), "moved": int(moved.sum()),
            "duplicates": duplicates, "rules_differ": int(differ.sum()), "boundary_units": boundary_units,
            "sample": merged[differ].head(3)}


SUMMARY_SUMS = ("freed_land_ha", "freed_land_mu", "employees", "revenue_10k_yuan")


def same_cell(column, a, b):
    """Two summary cells agree: the sums within SUMMARY_REL_TOL, counts and flags as numbers, text as text."""
    try:
        x, y = float(a), float(b)
    except ValueError:
        return a == b
    if column in SUMMARY_SUMS:
        return math.isclose(x, y, rel_tol=SUMMARY_REL_TOL, abs_tol=1e-6)
    return x == y


def compare_summaries(reference_path, other_path, left_out):
    """Per-unit differences between two relocate summaries, not judging the units in `left_out` (they hold a
    firm the two placed differently): (units compared, [(unit, columns that differ)]); a differing header is
    one difference under the unit "(columns)"."""
    import pandas as pd
    ref, other = (pd.read_csv(p, dtype=str, encoding="utf-8-sig", keep_default_na=False).set_index("unit")
                  for p in (reference_path, other_path))
    if list(ref.columns) != list(other.columns):
        return 0, [("(columns)", sorted(set(ref.columns) ^ set(other.columns)) or ["order"])]
    judged = [u for u in list(ref.index) + [u for u in other.index if u not in ref.index] if u not in left_out]
    differences = []
    for unit in judged:
        if unit not in ref.index or unit not in other.index:
            differences.append((unit, ["(unit missing)"]))
            continue
        columns = [c for c in ref.columns if not same_cell(c, ref.at[unit, c], other.at[unit, c])]
        if columns:
            differences.append((unit, columns))
    return len(judged), differences


def relocate_reconciliation(out_path, summary_path):
    """(rows written, rows rejected, flagged rows, flagged in the summary) of a zonefit relocate run; the output is
    read a million rows at a time (10M rows of it are GBs)."""
    import pandas as pd
    written = flagged = 0
    for chunk in pd.read_csv(out_path, usecols=["flagged"], dtype=str, encoding="utf-8-sig", chunksize=1_000_000):
        written += len(chunk)
        flagged += int(chunk["flagged"].str.lower().isin(["1", "true"]).sum())
    rejects_path = os.path.splitext(out_path)[0] + ".rejects.csv"
    rejected = count_rows(rejects_path) if os.path.exists(rejects_path) else 0
    in_summary = int(pd.read_csv(summary_path, usecols=["flagged"], encoding="utf-8-sig")["flagged"].sum())
    return written, rejected, flagged, in_summary


def flag_text(flagged, category):
    return ("flagged " if flagged else "not flagged ") + (category or "-")


def check_analyses(n, analysed):
    """One N's analysis checks: every zonefit command ran; zonefit relocate's rows and rejects add up to N and its
    summary to its flagged rows; the GeoPandas peer, when it ran, flags the same firms (rule differences allowed
    0, firms placed differently — on unit boundaries — MAX_DISAGREE_SHARE of N) and sums the same summary in
    every unit that holds no such firm. Returns (lines, ok)."""
    lines, ok = [], True
    for tool, (m, _) in analysed.items():
        if tool.startswith("zonefit") and "error" in m:
            lines.append(f"N={fmt_n(n)}: {tool} failed ({m['error']}) — FAIL")
            ok = False
    z, z_paths = analysed["zonefit relocate"]
    if "error" in z:
        return lines, False
    written, rejected, flagged, in_summary = relocate_reconciliation(*z_paths)
    good = written + rejected == n and flagged == in_summary
    ok &= good
    lines.append(f"N={fmt_n(n)}: zonefit relocate wrote {written:,} rows and {rejected:,} rejects ({written + rejected:,} "
                 f"of {n:,} input rows), {flagged:,} flagged; its summary counts {in_summary:,} flagged "
                 f"— {'OK' if good else 'FAIL'}")
    if "geopandas relocate" not in analysed:
        return lines, ok
    g, g_paths = analysed["geopandas relocate"]
    if "error" in g:
        lines.append(f"N={fmt_n(n)}: geopandas relocate failed ({g['error']}): flags not checked")
        return lines, ok
    d = compare_flags(read_flags(z_paths[0]), read_flags(g_paths[0]))
    limit = MAX_DISAGREE_SHARE * n
    good = d["rules_differ"] == 0 and d["placed_differently"] <= limit
    ok &= good
    lines.append(f"N={fmt_n(n)}: geopandas relocate vs zonefit relocate: {d['rules_differ']:,} firms placed alike "
                 f"differ in flagged, priority or {', '.join(RELOCATION_TEXTS)} (allowed 0); {d['placed_differently']:,} placed differently "
                 f"(only by zonefit {d['only_ref']:,}, only by geopandas {d['only_other']:,}, in another unit "
                 f"{d['moved']:,}, twice {d['duplicates']:,}; allowed ≤ {limit:g}: points on unit boundaries) "
                 f"— {'OK' if good else 'FAIL'}")
    if d["rules_differ"]:
        lines.append("    e.g. " + "; ".join(
            f"id {r.id} in {r.unit_ref}: zonefit {flag_text(r.flagged_ref, r.noncore_category_ref)}, geopandas "
            f"{flag_text(r.flagged_other, r.noncore_category_other)}" for r in d["sample"].itertuples()))
    compared, differences = compare_summaries(z_paths[1], g_paths[1], d["boundary_units"])
    good = not differences
    ok &= good
    left_out = f" ({len(d['boundary_units'])} holding a boundary point not judged)" if d["boundary_units"] else ""
    lines.append(f"N={fmt_n(n)}: relocate summary, geopandas vs zonefit: {len(differences)} of {compared} units "
                 f"differ{left_out} (counts by category, unknown codes and exclusions exactly; freed land, employees "
                 f"and revenue within {SUMMARY_REL_TOL:g} relative) — {'OK' if good else 'FAIL'}")
    if differences:
        lines.append("    e.g. " + "; ".join(f"unit {u}: {', '.join(c)}" for u, c in differences[:3]))
    return lines, ok


def analysis_targets(analysis_rows, rows, labels):
    """The analyses' ratios at every N against their targets: fills each analysis row's "ratio" cell and returns
    the target lines, then one peak-RSS line per zonefit analysis (MEMORY_GROWTH_MAX between the two largest N)."""
    def measured(table, tool, n, output=None):
        for row in table:
            if row["tool"] == tool and row["n"] == n and output in (None, row["output"]) \
                    and "wall" in row["m"] and "error" not in row["m"]:
                return row
        return None

    lines = []
    fixed = measured(analysis_rows, "zonefit report", REPORT_FIXED_N)
    if fixed:
        fixed["ratio"] = "the report's fixed cost"
    for label in labels:
        n = SIZES[label]
        relocate = measured(analysis_rows, "zonefit relocate", n)
        peer = measured(analysis_rows, "geopandas relocate", n)
        if relocate and peer:
            r = peer["m"]["wall"] / relocate["m"]["wall"]
            met = "met" if r >= RELOCATE_PEER_SPEEDUP_MIN else "NOT met"
            peer["ratio"] = f"{r:.1f}× (target ≥ {RELOCATE_PEER_SPEEDUP_MIN}: {met})"
            lines.append(f"{fmt_n(n)} relocate: GeoPandas relocate ÷ zonefit relocate = {r:.1f} (GeoPandas "
                         f"{peer['m']['wall']:.2f} s, zonefit {relocate['m']['wall']:.2f} s; target ≥ "
                         f"{RELOCATE_PEER_SPEEDUP_MIN}): {met}")
        overlay = measured(rows, "zonefit", n, "csv")
        if not overlay:
            continue
        base = overlay["m"]["wall"]
        # (command, its row, target, what it is divided by, that in seconds, those seconds as shown)
        ratios = [("relocate", relocate, RELOCATE_OVER_OVERLAY_MAX, "bare overlay", base, f"{base:.2f} s"),
                  ("fit --enterprises", measured(analysis_rows, "zonefit fit", n), FIT_OVER_OVERLAY_MAX,
                   "bare overlay", base, f"{base:.2f} s"),
                  ("diff (two registers)", measured(analysis_rows, "zonefit diff", n), DIFF_OVER_OVERLAY_MAX,
                   "bare overlay", base, f"{base:.2f} s"),
                  ("clusters (all chains, 1 km grid)", measured(analysis_rows, "zonefit clusters", n),
                   CLUSTERS_OVER_OVERLAY_MAX, "bare overlay", base, f"{base:.2f} s")]
        if fixed:
            ratios.append(("report --enterprises", measured(analysis_rows, "zonefit report", n),
                           REPORT_OVER_OVERLAY_MAX, f"(bare overlay + report on {REPORT_FIXED_N:,} firms)",
                           base + fixed["m"]["wall"], f"({base:.2f} s + {fixed['m']['wall']:.2f} s)"))
        by_address = measured(analysis_rows, "zonefit overlay by address", n)
        if by_address:
            r = by_address["m"]["wall"] / base
            by_address["ratio"] = f"÷ bare overlay {r:.1f} (no target)"
            lines.append(f"{fmt_n(n)} overlay by address (no coordinates) ÷ bare overlay = {r:.1f} (one run each: "
                         f"{by_address['m']['wall']:.2f} s ÷ {base:.2f} s; no target: the register tiers read "
                         "through OGR)")
        for name, row, limit, what, over, shown in ratios:
            if not row:
                continue
            r = row["m"]["wall"] / over
            single = f"one run each: {row['m']['wall']:.2f} s ÷ {shown} = {r:.2f}"
            paired = row["m"].get("paired")
            if paired:
                # The report's pairs are divided by (their overlay + the fixed cost), as the single runs are.
                extra = over - base
                r = statistics.median(a / (b + extra) for a, b in paired)
                single = (f"median of {len(paired)} pairs run in turn, "
                          f"{', '.join(f'{a:.2f}/{b:.2f}' for a, b in paired)} s; {single}")
            met = "met" if r <= limit else "NOT met"
            row["ratio"] = f"÷ {what} {r:.2f} (target ≤ {limit}: {met})"
            lines.append(f"{fmt_n(n)} {name} ÷ {what} = {r:.2f} ({single}; target ≤ {limit}): {met}")
    # (diff keeps every firm's key and state of the earlier register: its memory grows with N by design.)
    for tool in ("zonefit relocate", "zonefit fit", "zonefit clusters", "zonefit report"):
        line = memory_target(tool.split()[1], analysis_rows, labels, tool=tool, ceiling=None)
        if line:
            lines.append(line)
    return lines


# ---------------------------------------------------------------- versions

def command_output(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def versions(zonefit, with_peers, geos_peer=None):
    info = {
        "zonefit": command_output([zonefit, "--version"]),
        "swift": command_output(["swift", "--version"]).splitlines()[0] if shutil.which("swift") else "",
        "GDAL (zonefit)": command_output(["gdal-config", "--version"]),
        "GEOS (zonefit" + (", geos-c)" if geos_peer else ")"): command_output(["geos-config", "--version"]),
        "Python": platform.python_version(),
    }
    if geos_peer:
        info["C compiler (geos-c, -O2)"] = (command_output(c_compiler() + ["--version"]).splitlines() or [""])[0]
    if with_peers:
        import duckdb
        import geopandas
        import pandas
        import pyogrio
        import shapely
        info.update({
            "GeoPandas": geopandas.__version__, "pandas": pandas.__version__,
            "shapely": f"{shapely.__version__} (GEOS {shapely.geos_version_string})",
            "pyogrio": f"{pyogrio.__version__} (GDAL {pyogrio.__gdal_version_string__})",
            "DuckDB": f"{duckdb.__version__} + duckdb-extension-spatial "
                      f"{command_output([sys.executable, '-m', 'pip', 'show', 'duckdb-extension-spatial']).split('Version: ')[-1].splitlines()[0]}",
        })
    return info


def machine():
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_kib = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    load = open("/proc/loadavg").read().split()[:3]
    return f"{os.cpu_count()} cores (nproc {command_output(['nproc'])}), {model}, {mem_kib / 1048576:.0f} GiB RAM, " \
           f"Linux {platform.release()}; load average {'/'.join(load)} at the end of the run (other jobs on the " \
           f"machine inflate wall times)"


# ---------------------------------------------------------------- table

def fmt_n(n):
    return {100_000: "100k", 1_000_000: "1M", 10_000_000: "10M"}.get(n, f"{n:,}")


OVERLAY_HEADER = ["tool", "N", "output", "wall s", "CPU s", "peak MiB", "points/s", "zonefit faster by"]
ANALYSIS_HEADER = ["tool", "N", "output", "wall s", "CPU s", "peak MiB", "points/s", "ratio (target)"]


def table(rows, header=OVERLAY_HEADER):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    for row in rows:
        m = row["m"]
        if "error" in m or "skipped" in m:
            cells = [row["tool"], fmt_n(row["n"]), row["output"], "—", "—", "—", "—", m.get("skipped") or m["error"]]
        else:
            cells = [row["tool"], fmt_n(row["n"]), row["output"], f"{m['wall']:.2f}", f"{m['cpu']:.2f}",
                     f"{m['rss_mib']:.0f}", f"{row['n'] / m['wall']:,.0f}", row.get("ratio", "")]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


# ---------------------------------------------------------------- main

def memory_target(name, rows, labels, tool="zonefit", kind=None, ceiling=MEMORY_CEILING_MIB):
    """The target line for one tool (and output kind, when given): peak RSS at every N, and whether the largest
    N's peak is at most MEMORY_GROWTH_MAX × the next smaller N's (1M, or 100k when 1M is the largest) and under
    the ceiling (none for the analyses)."""
    peaks = []
    for label in labels:
        for row in rows:
            m = row["m"]
            if row["tool"] == tool and kind in (None, row["output"]) and row["n"] == SIZES[label] \
                    and "error" not in m and "rss_mib" in m:
                peaks.append((SIZES[label], m["rss_mib"]))
    if not peaks:
        return None
    shown = ", ".join(f"{fmt_n(n)} {rss:.0f} MiB" for n, rss in peaks)
    if len(peaks) < 2:
        return f"peak RSS {name}: {shown} — independent of N: not judged (needs two sizes)"
    (n_ref, ref), (n_top, top) = peaks[-2], peaks[-1]
    ok = top <= MEMORY_GROWTH_MAX * ref and (ceiling is None or top < ceiling)
    return (f"peak RSS {name}: {shown} — independent of N: {'met' if ok else 'NOT met'} "
            f"({fmt_n(n_top)} ÷ {fmt_n(n_ref)} = {top / ref:.2f}, target ≤ {MEMORY_GROWTH_MAX:g}"
            + (f" and < {ceiling} MiB)" if ceiling is not None else ")"))


def main():
    args = parse_args()
    zonefit = os.path.abspath(args.zonefit)
    data_dir = os.path.abspath(args.data)
    os.makedirs(data_dir, exist_ok=True)
    with_peers = not args.no_peers
    offline = offline_prefix() if with_peers else []
    python = sys.executable
    logs = os.path.join(data_dir, "logs")
    os.makedirs(logs, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc)

    rows, analysis_rows, checks, notes, synth_times = [], [], [], [], {}
    typing_pairs = {}  # N → [(typed wall, untyped wall)] of the CSV output
    units = os.path.join(data_dir, "units.geojson")
    subprocess.run([zonefit, "zones", "-o", units], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=300)

    # The GEOS C peer: compiled here (cc -O2, system GEOS), fed the same units as WKT lines.
    geos_peer, geos_skip = (None, None)
    if with_peers:
        geos_peer, geos_skip = build_geos_peer(os.path.join(data_dir, "bin"))
        units_wkt = os.path.join(data_dir, "units.wkt")
        if geos_peer:
            write_units_wkt(units, units_wkt)
            log(f"geos-c: built {os.path.relpath(geos_peer, ROOT)}")
        else:
            log(f"geos-c: skipped — {geos_skip}")
            notes.append(f"geos-c skipped: {geos_skip}.")

    failed = False
    with_analyses = not args.no_analyses
    with_report = with_analyses and not args.no_report
    if with_report:
        # The report's fixed cost: the same command on a file so small that the overlay is nothing in it.
        log(f"report fixed cost: {REPORT_FIXED_N:,} firms")
        points = os.path.join(data_dir, f"synth-{REPORT_FIXED_N}.csv")
        if not os.path.exists(points):
            synthesise(zonefit, REPORT_FIXED_N, points, args.timeout)
        out = os.path.join(data_dir, f"zonefit-report-{REPORT_FIXED_N}")
        m = measure("zonefit report", [zonefit, "report", "--enterprises", points, "-o", out], args.timeout,
                    os.path.join(logs, f"zonefit_report-{REPORT_FIXED_N}.log"))
        analysis_rows.append({"tool": "zonefit report", "n": REPORT_FIXED_N, "output": "folder", "m": m})
        if "error" in m:
            checks.append(f"N={fmt_n(REPORT_FIXED_N)}: zonefit report failed ({m['error']}) — FAIL")
            failed = True
        if not args.keep_data:
            remove_outputs(out)
    outputs = ["csv"] + ([] if args.no_geojson else ["geojson"]) + ([] if args.no_gpkg else ["gpkg"])  # all tools
    zonefit_only = [k for k in ZONEFIT_ONLY_OUTPUTS if not (k == "geojsonl" and args.no_geojson)]
    for label in args.labels:
        n = SIZES[label]
        points = os.path.join(data_dir, f"synth-{label}.csv")
        log(f"N = {n:,}")
        if not os.path.exists(points):
            t = time.monotonic()
            synthesise(zonefit, n, points, args.timeout)
            synth_times[label] = time.monotonic() - t
            log(f"  synth: {n:,} points in {synth_times[label]:.1f} s ({os.path.getsize(points) / 2**20:.0f} MiB)")
        with open(points, encoding="utf-8-sig") as made:
            SYNTH_HEADER[:] = made.readline().strip().split(",")

        runs = []  # (tool, output kind, output path, command)
        for kind in outputs + zonefit_only:
            out = os.path.join(data_dir, f"zonefit-{label}.{kind}")
            runs.append(("zonefit", kind, out, [zonefit, "overlay", points, "-o", out]))
        out = os.path.join(data_dir, f"zonefit-t1-{label}.csv")
        runs.append(("zonefit --threads 1", "csv", out, [zonefit, "overlay", points, "-o", out, "--threads", "1"]))
        # geos-c runs at every N (it is fast and its memory is the input plus the output); CSV only. No
        # `unshare -n`: a C program with no network code has nothing to prove, and zonefit runs without it too.
        out = os.path.join(data_dir, f"geos-c-{label}.csv")
        if geos_peer:
            runs.append(("geos-c", "csv", out, [geos_peer, points, units_wkt, out]))
        elif with_peers:
            rows.append({"tool": "geos-c", "n": n, "output": "csv", "m": {"skipped": "skipped (not built)"}})
        peers_here = with_peers and n <= args.peers_max
        for peer in ("geopandas", "duckdb"):
            for kind in outputs:
                out = os.path.join(data_dir, f"{peer}-{label}.{kind}")
                if peers_here:
                    runs.append((peer, kind, out, offline + [python, os.path.join(BENCH, f"peer_{peer}.py"), points, units, out]))
                elif with_peers:
                    rows.append({"tool": peer, "n": n, "output": kind, "m": {"skipped": f"skipped (N > {args.peers_max:,})"}})
        if "gpkg" in outputs and peers_here and shutil.which("ogr2ogr"):
            # Only the conversion, not the overlay: zonefit's CSV output (run before it, with its .csvt types)
            # to a GeoPackage of points, as a planner would with GDAL's own tool.
            out = os.path.join(data_dir, f"ogr2ogr-{label}.gpkg")
            runs.append(("ogr2ogr", "gpkg", out, [
                "ogr2ogr", "-f", "GPKG", out, os.path.join(data_dir, f"zonefit-{label}.csv"), "-nln", "firms",
                "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-a_srs", "EPSG:4326"]))

        measured = {}
        for tool, kind, out, command in runs:
            m = measure(f"{tool} → {kind}", command, args.timeout, os.path.join(logs, f"{tool.replace(' ', '_')}-{label}.{kind}.log"))
            measured[(tool, kind)] = (m, out)
            rows.append({"tool": tool, "n": n, "output": kind, "m": m})

        # ratios: peer wall ÷ zonefit wall for the same output; threads 1 ÷ all threads
        for row in rows:
            if row["n"] != n or "wall" not in row["m"] or "error" in row["m"] or row["tool"] == "zonefit":
                continue
            base = measured.get(("zonefit", row["output"]), ({}, None))[0]
            if "wall" in base and "error" not in base:
                ratio = row["m"]["wall"] / base["wall"]
                if row["tool"] == "zonefit --threads 1":
                    row["ratio"] = f"(parallel speed-up {ratio:.2f}×)"
                elif row["tool"] == "geos-c":  # the floor: here the issue's figure is zonefit ÷ geos-c (target ≤ 2)
                    row["ratio"] = f"{ratio:.2f}× (zonefit ÷ geos-c {1 / ratio:.2f})"
                else:
                    row["ratio"] = f"{ratio:.1f}×"

        # agreement
        log("  checking per-point agreement")
        reference_m, reference_path = measured.get(("zonefit", "csv"), ({"error": "missing"}, None))
        if "error" in reference_m:
            checks.append(f"N={fmt_n(n)}: no zonefit CSV output to check against")
            failed = True
        else:
            reference = read_assignment(reference_path)
            ref_counts = reference["unit"].value_counts()
            rejects_path = os.path.splitext(reference_path)[0] + ".rejects.csv"
            rejected = count_rows(rejects_path) if os.path.exists(rejects_path) else 0
            accounted = len(reference) + rejected
            ok = accounted == n
            failed |= not ok
            checks.append(f"N={fmt_n(n)}: zonefit wrote {len(reference):,} points in {len(ref_counts)} units and "
                          f"{rejected:,} rejects: {accounted:,} of {n:,} input rows accounted for — "
                          f"{'OK' if ok else 'FAIL (rows lost)'}")
            for (tool, kind), (m, path) in measured.items():
                if (tool, kind) == ("zonefit", "csv") or "error" in m:
                    continue
                other = read_assignment(path)
                d = compare(reference, other)
                counts = other.drop_duplicates("id")["unit"].value_counts()
                units_differ = sorted(u for u in set(ref_counts.index) | set(counts.index)
                                      if ref_counts.get(u, 0) != counts.get(u, 0))
                exact = tool.startswith("zonefit")
                limit = 0 if exact else MAX_DISAGREE_SHARE * n
                ok = d["total"] <= limit
                failed |= not ok
                line = (f"N={fmt_n(n)}: {tool} → {kind} vs zonefit → csv: {d['total']:,} of {n:,} points differ "
                        f"({100 * d['total'] / n:.4f} %: placed only by zonefit {d['only_ref']:,}, only by {tool} "
                        f"{d['only_other']:,}, in another unit {d['changed']:,}, twice {d['duplicates']:,}); "
                        f"per-unit counts differ in {len(units_differ)} of {len(ref_counts)} units "
                        f"— {'OK' if ok else 'FAIL'} (allowed {'0' if exact else f'≤ {limit:g}'})")
                checks.append(line)
                if d["total"] and not d["sample"].empty:
                    checks.append("    e.g. " + "; ".join(f"id {r.id}: zonefit {r.unit_ref} / {tool} {r.unit_other}"
                                                      for r in d["sample"].itertuples()))
            g, dk = measured.get(("geopandas", "csv")), measured.get(("duckdb", "csv"))
            if g and dk and "error" not in g[0] and "error" not in dk[0]:
                d = compare(read_assignment(g[1]), read_assignment(dk[1]))
                checks.append(f"N={fmt_n(n)}: geopandas vs duckdb (both `within`): {d['total']:,} points differ")
            del reference
        log("\n".join("  " + c for c in checks if c.startswith(f"N={fmt_n(n)}")))
        if not args.keep_data:
            for m, path in measured.values():
                # GDAL may leave a GeoPackage's -wal/-shm journal or a .aux.xml beside it.
                for p in (path, os.path.splitext(path)[0] + ".rejects.csv", os.path.splitext(path)[0] + ".csvt",
                          path + ".aux.xml", path + "-wal", path + "-shm"):
                    if p and os.path.exists(p):
                        os.remove(p)

        # What typing the columns costs (numbers as numbers, codes as text): the CSV output with and
        # without it, in pairs run in turn.
        typed_out = os.path.join(data_dir, f"zonefit-typed-{label}.csv")
        untyped_out = os.path.join(data_dir, f"zonefit-untyped-{label}.csv")
        typing_pairs[n] = paired_ratio(
            "zonefit → csv (typed)", [zonefit, "overlay", points, "-o", typed_out], n, [typed_out], args.timeout,
            os.path.join(logs, f"zonefit-typed-{label}"),
            baseline=([zonefit, "overlay", points, "-o", untyped_out, "--no-types"], untyped_out))

        if with_analyses:
            # relocate (and its GeoPandas peer), fit and report on the same file; compared with the overlay above.
            peer_python = offline + [python] if with_peers and n <= args.peers_max else None
            if with_peers and not peer_python:
                analysis_rows.append({"tool": "geopandas relocate", "n": n, "output": "csv + summary",
                                      "m": {"skipped": f"skipped (N > {args.peers_max:,})"}})
            analysed = {}
            overlay_out = os.path.join(data_dir, f"zonefit-pairs-{label}.csv")
            overlay = ([zonefit, "overlay", points, "-o", overlay_out], overlay_out)
            addressed = os.path.join(data_dir, f"synth-{label}-address.csv")
            if not os.path.exists(addressed):
                without_coordinates(points, addressed)
            evolved = os.path.join(data_dir, f"synth-{label}-next.csv")
            if not os.path.exists(evolved):
                subprocess.run([zonefit, "synth", "--evolve", points, "--months", "1", "--seed", "2", "-o", evolved],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=args.timeout)
            runs = analysis_runs(zonefit, peer_python, points, addressed, evolved, units, label, data_dir,
                                 with_report)
            for tool, output, paths, command in runs:
                log_base = os.path.join(logs, f"{tool.replace(' ', '_')}-{label}")
                m = measure(tool, command, args.timeout, log_base + ".log")
                analysed[tool] = (m, paths)
                analysis_rows.append({"tool": tool, "n": n, "output": output, "m": m})
                # Placing by address has no target: one run, not pairs (it is the slowest row by far).
                if tool.startswith("zonefit") and tool != "zonefit overlay by address" and "error" not in m:
                    # After the checks below have read this run's outputs, the paired timing writes them again.
                    m["pairs_with_overlay"] = (command, paths, log_base)
            log("  checking the analyses")
            lines, ok = check_analyses(n, analysed)
            failed |= not ok
            checks += lines
            log("\n".join("  " + c for c in lines))
            if not args.keep_data:
                for m, paths in analysed.values():
                    for p in paths:
                        remove_outputs(p)
            for tool, (m, _) in analysed.items():
                if "pairs_with_overlay" in m:
                    command, paths, log_base = m.pop("pairs_with_overlay")
                    m["paired"] = paired_ratio(tool, command, n, paths, args.timeout, log_base, baseline=overlay)

    # targets from issue 6
    targets = []

    def wall(tool, kind, n):
        for row in rows:
            if row["tool"] == tool and row["output"] == kind and row["n"] == n and "error" not in row["m"] and "wall" in row["m"]:
                return row["m"]
        return None

    for kind, peers in (("csv", ("geopandas", "duckdb")), ("geojson", ("geopandas",))):
        z = wall("zonefit", kind, 1_000_000)
        for peer in peers:
            p = wall(peer, kind, 1_000_000)
            if z and p:
                r = p["wall"] / z["wall"]
                targets.append(f"1M CSV → {kind.upper()}: zonefit {r:.1f}× faster than {peer} (target ≥ 10×): "
                               f"{'met' if r >= 10 else 'NOT met'}")
    z = wall("zonefit", "gpkg", 1_000_000)
    gpkg_peers = [(peer, wall(peer, "gpkg", 1_000_000)) for peer in ("geopandas", "duckdb", "ogr2ogr")]
    gpkg_peers = [(peer, m) for peer, m in gpkg_peers if m]
    if z and gpkg_peers:
        peer, fastest = min(gpkg_peers, key=lambda item: item[1]["wall"])
        r = fastest["wall"] / z["wall"]
        targets.append(f"1M CSV → GPKG: zonefit {r:.1f}× faster than the fastest peer, {peer} ({fastest['wall']:.2f} s "
                       f"against {z['wall']:.2f} s; target ≥ {GPKG_PEER_SPEEDUP_MIN}×): "
                       f"{'met' if r >= GPKG_PEER_SPEEDUP_MIN else 'NOT met'}")
    z, g = wall("zonefit", "csv", 1_000_000), wall("geos-c", "csv", 1_000_000)
    if z and g:
        r = z["wall"] / g["wall"]
        threads = g.get("phases", {}).get("threads", "?")
        targets.append(f"1M CSV → CSV: zonefit wall ÷ geos-c wall = {r:.2f} (zonefit {z['wall']:.2f} s, geos-c "
                       f"{g['wall']:.2f} s with {threads} threads; target within 2×, i.e. ≤ 2): "
                       f"{'met' if r <= 2 else 'NOT met'}")
    for kind in ("csv", "gpkg"):
        z1, z10 = wall("zonefit", kind, 1_000_000), wall("zonefit", kind, 10_000_000)
        if z1 and z10:
            r = z10["wall"] / z1["wall"]
            targets.append(f"10M / 1M wall time ({kind.upper()}): {r:.1f} (target ≤ 11): {'met' if r <= 11 else 'NOT met'}")
    for kind in outputs:
        z10 = wall("zonefit", kind, 10_000_000)
        if z10:
            targets.append(f"10M CSV → {kind.upper()} peak RSS: {z10['rss_mib']:.0f} MiB (target < 300 MiB): "
                           f"{'met' if z10['rss_mib'] < 300 else 'NOT met'}")
    for kind, name in MEMORY_TARGET_OUTPUTS.items():
        if kind in outputs + zonefit_only:
            line = memory_target(name, rows, args.labels, kind=kind)
            if line:
                targets.append(line)
    for n, pairs in typing_pairs.items():
        if pairs:
            r = statistics.median(a / b for a, b in pairs)
            targets.append(f"{fmt_n(n)} CSV → CSV typed ÷ untyped (--no-types) = {r:.2f} (median of {len(pairs)} pairs "
                           f"run in turn, {', '.join(f'{a:.2f}/{b:.2f}' for a, b in pairs)} s; target ≤ "
                           f"{TYPED_OVER_UNTYPED_MAX}): {'met' if r <= TYPED_OVER_UNTYPED_MAX else 'NOT met'}")
    if with_analyses:
        targets += analysis_targets(analysis_rows, rows, args.labels)

    profile_lines = []
    if not args.no_profile and "1m" in args.labels:
        log("profiling zonefit on 1M points (perf)")
        points = os.path.join(data_dir, "synth-1m.csv")
        if not os.path.exists(points):
            synthesise(zonefit, 1_000_000, points, args.timeout)
        proc = subprocess.run([python, os.path.join(BENCH, "profile.py"), "--zonefit", zonefit, points],
                              capture_output=True, text=True, timeout=args.timeout)
        if proc.returncode == 0:
            profile_lines = proc.stdout.rstrip().splitlines()
        else:
            profile_lines = [f"profile failed: {proc.stderr.strip().splitlines()[-1:]}"]

    if not args.keep_data:
        for name in [f"synth-{label}.csv" for label in args.labels] + [f"synth-{REPORT_FIXED_N}.csv"]:
            p = os.path.join(data_dir, name)
            if os.path.exists(p):
                os.remove(p)

    if with_peers:
        notes.append("Peers ran " + ("with no network (`unshare -n`): DuckDB's spatial extension is loaded from the "
                                     "duckdb-extension-spatial wheel's file, auto-install and auto-load off."
                                     if offline else "with the network reachable (`unshare -n` is not available here)."))
        if any(SIZES[l] > args.peers_max for l in args.labels):
            notes.append(f"GeoPandas and DuckDB are skipped above N = {args.peers_max:,}: GeoPandas holds the whole "
                         "frame and the joined copy in memory (about 3.6 GiB at 5M points, ~36 GB extrapolated at 10M) "
                         "and DuckDB's join is minutes long at that size. geos-c runs at every N.")
        if geos_peer:
            notes.append("geos-c is `bench/peer_geos.c` (C11, pthreads, GEOS reentrant C API, `cc -O2`): the input "
                         "mapped whole and cut into one range of lines per online CPU; per thread its own GEOS "
                         "context, WKT-parsed units, GEOSPrepare'd geometries and STRtree; per line strtod of lon/lat, "
                         "a GEOS point, an STRtree query and GEOSPreparedIntersects on the candidates in unit order "
                         "(first hit wins, zonefit's boundary rule); the line plus the unit's fields into a per-thread "
                         "buffer, written in input order at the end. It writes no rejects file, no adcode/district "
                         "columns and no provenance, and reads only lon/lat columns of WGS84 points.")
    if with_analyses and with_peers:
        notes.append("GeoPandas relocate (`bench/peer_geopandas_relocate.py`) reads the profile with tomllib and "
                     "flags what zonefit flags: codes read as zonefit reads them (full-width forms, digits alone take "
                     "their division's section; an unreadable code is `unknown_code`), chain leaders and kept firms "
                     "never flagged, then the rules in order (include and exclude prefixes, possibly high-tech "
                     "codes left out, name keywords), the first that fires giving the category. It computes no "
                     "priority, reasons or chains, and ranks no receiving parks (zonefit runs without --parks)"
                     + (f"; like the other GeoPandas rows it stops at N = {args.peers_max:,}."
                        if any(SIZES[l] > args.peers_max for l in args.labels) else "."))
    if synth_times:
        notes.append("Data: " + ", ".join(f"{l} points made by `zonefit synth` in {s:.1f} s" for l, s in synth_times.items()))

    info = versions(zonefit, with_peers, geos_peer)
    table_lines = table(rows)
    analysis_lines = table(analysis_rows, ANALYSIS_HEADER) if analysis_rows else []
    print()
    print("\n".join(table_lines))
    print()
    if analysis_lines:
        print("\n".join(analysis_lines))
        print()
    for line in checks + targets:
        print(line)

    finished = datetime.datetime.now(datetime.timezone.utc)
    md = [
        "# zonefit benchmark: results",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC (took {(finished - started).total_seconds() / 60:.0f} min) by `bench/run.sh "
        f"{' '.join(sys.argv[1:]).replace('--zonefit ' + args.zonefit, '').strip()}`.",
        "",
        f"Machine: {machine()}.",
        "",
        "Versions: " + "; ".join(f"{k} {v}" for k, v in info.items() if v) + ".",
        "",
        f"Points: `zonefit synth -n N --seed 1` ({len(SYNTH_HEADER)} columns: {', '.join(SYNTH_HEADER)}; "
        "clustered by unit and park, WGS84 lon/lat with 6 decimals); "
        "units: `zonefit zones` (23 units of the chengdu-2022 scheme, 23,715 vertices). "
        "\"zonefit faster by\" is the peer's wall time ÷ zonefit's (all cores) for the same output" +
        (" (below 1× for geos-c means geos-c was faster; the issue's target for it is zonefit ÷ geos-c ≤ 2)." if geos_peer else "."),
        "",
    ] + table_lines
    if analysis_lines:
        md += ["", "## Analyses: relocate, fit, report", "",
               f"The same points through `zonefit relocate POINTS -o OUT.csv --summary SUMMARY.csv` (no --parks), its "
               f"GeoPandas peer (`bench/peer_geopandas_relocate.py`: sjoin, then the rules of "
               f"`{os.path.relpath(NONCORE_PROFILE, ROOT)}` on the central units' firms, then the per-unit summary), "
               f"`zonefit fit --enterprises POINTS -o OUT.geojson` and `zonefit report --enterprises POINTS -o DIR` "
               f"(no --pdf); the report once more on {REPORT_FIXED_N:,} firms for its fixed cost. \"ratio\" divides "
               f"by zonefit's bare overlay (`zonefit overlay POINTS -o out.csv`, the table above) of the same file, "
               f"and for the GeoPandas row is its wall time ÷ zonefit relocate's.", ""] + analysis_lines
    md += ["", "## Agreement", ""] + [f"- {c}" if not c.startswith("    ") else c for c in checks]
    if targets:
        md += ["", "## Targets", ""] + [f"- {t}" for t in targets]
    if notes:
        md += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    if profile_lines:
        md += ["", "## Where zonefit's time goes (1M points, CSV → CSV)", ""] + profile_lines
    with open(args.results, "w") as f:
        f.write("\n".join(md) + "\n")
    log(f"wrote {os.path.relpath(args.results, ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
