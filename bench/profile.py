#!/usr/bin/env python3
"""Where zonefit's overlay spends its CPU time, from `perf record --call-graph dwarf`.

    profile.py --zonefit BIN POINTS.csv [--output csv|geojson]

Prints markdown: each sample is put in a phase by the innermost frame
on its stack that names one (parse: the reader; locate: the workers'
point-in-unit; write: the output and rejects writers; hash: the inputs'
SHA-256 for provenance; worker: code inlined into a fused worker loop; other:
set-up, the scheme, thread hand-off), and in a
library by its innermost frame (libgdal, libgeos, the Swift runtime and
Foundation, libc's malloc/free, the rest of libc, zonefit's own code, the
kernel). Shares are of CPU samples on all threads, not of wall time.
"""
import argparse
import collections
import os
import re
import shutil
import subprocess
import sys

PHASES = [  # (phase, pattern on a frame's demangled name); the innermost matching frame wins
    ("hash", re.compile(r"sha256|SHA256|Provenance")),
    ("parse", re.compile(r"VectorSource\.|CSVScanner\.|CSVReader|TableReader|OGR_L_GetNextFeature|NumericCell\."
                         r"|CSVFastPath\.(field|texts|padded)|\bfill\(")),
    ("locate", re.compile(r"OverlayWorker\.|placeCells|Locator\.|STRtree|PreparedGeometry|GEOSPrepared|GEOSSTRtree")),
    ("write", re.compile(r"VectorSink\.|FeatureOutput|OGROutput|GeoJSONWriter|CSVWriter|RejectsTable|BufferedFile"
                         r"|OGR_L_CreateFeature|AtomicOutput|pointRow|render|RowWriter")),
    ("worker", re.compile(r"CSVFastPath\.process|placeInParallel")),
]
MALLOC = re.compile(r"malloc|free|_int_|unlink_chunk|realloc|calloc|tcache|arena|sysmalloc|consolidate")


MALLOC_SYMBOL = re.compile(r"^(__GI___libc_(malloc|free|realloc|calloc)|_int_(malloc|free|realloc)|malloc|free|cfree"
                           r"|realloc|calloc|unlink_chunk|malloc_consolidate|tcache_\w+|sysmalloc)\b")


def library(dso, symbol):
    base = os.path.basename(dso)
    if MALLOC_SYMBOL.search(symbol):
        return "libc malloc/free"
    if base.startswith("libgdal"):
        return "libgdal"
    if base.startswith("libgeos"):
        return "libgeos"
    if base.startswith("libswift") or base.startswith("libFoundation") or base.startswith("libdispatch") \
            or base.startswith("lib_FoundationICU") or base.startswith("libBlocksRuntime"):
        return "Swift runtime / Foundation / dispatch"
    if base.startswith("libc.so") or base.startswith("libc-"):
        return "libc malloc/free" if MALLOC.search(symbol) else "libc other (string, stdio)"
    if base == "zonefit":
        return "zonefit (own code)"
    if "kernel" in base or dso.startswith("[k") or base == "[unknown]" and symbol.startswith("0xffff"):
        return "kernel (I/O, page faults)"
    if base.startswith("libstdc++") or base.startswith("libm"):
        return "libstdc++ / libm"
    if base.startswith("libproj") or base.startswith("libsqlite"):
        return "PROJ / SQLite"
    return "other (" + base + ")" if base else "other"


def parse_script(text):
    """Yields (stack, leaf_dso, leaf_symbol) per sample; stack is leaf first."""
    for block in text.split("\n\n"):
        lines = [l for l in block.splitlines() if l.strip()]
        if len(lines) < 2:
            continue
        frames = []
        for line in lines[1:]:
            match = re.match(r"\s*[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$", line)
            if match:
                frames.append((match.group(1), match.group(2)))
        if frames:
            yield frames


def demangle(symbols):
    tool = shutil.which("swift-demangle") or "/opt/swift/usr/bin/swift-demangle"
    if not os.path.exists(tool):
        return {s: s for s in symbols}
    proc = subprocess.run([tool, "--simplified", "--compact"], input="\n".join(symbols), capture_output=True, text=True)
    out = proc.stdout.splitlines()
    return {s: (out[i] if i < len(out) else s) for i, s in enumerate(symbols)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--zonefit", required=True)
    parser.add_argument("--output", default="csv", choices=["csv", "geojson"])
    parser.add_argument("--frequency", type=int, default=499)
    parser.add_argument("points")
    args = parser.parse_args()
    data_dir = os.path.dirname(os.path.abspath(args.points))
    perf_data = os.path.join(data_dir, "perf.data")
    out = os.path.join(data_dir, f"profile-out.{args.output}")
    record = ["perf", "record", "-q", "-F", str(args.frequency), "--call-graph", "dwarf,8192", "-o", perf_data, "--",
              args.zonefit, "overlay", args.points, "-o", out]
    wall = subprocess.run(["/usr/bin/time", "-f", "%e"] + record, capture_output=True, text=True)
    if wall.returncode != 0:
        sys.exit(f"perf record failed: {wall.stderr.strip()[-300:]}")
    wall_s = float(wall.stderr.strip().splitlines()[-1])
    for p in (out, os.path.splitext(out)[0] + ".rejects.csv"):
        if os.path.exists(p):
            os.remove(p)
    script = subprocess.run(["perf", "script", "-i", perf_data, "-F", "comm,tid,ip,sym,dso"], capture_output=True,
                            text=True).stdout
    os.remove(perf_data)

    phase_count = collections.Counter()
    lib_count = collections.Counter()
    phase_lib = collections.defaultdict(collections.Counter)
    self_count = collections.Counter()
    total = 0
    samples = list(parse_script(script))
    names = demangle(sorted({symbol for frames in samples for symbol, _ in frames if symbol.startswith("$s")}))
    for frames in samples:
        total += 1
        leaf_symbol = frames[0][0]
        leaf_dso = next((dso for _, dso in frames if dso != "inlined"), "")
        lib = library(leaf_dso, leaf_symbol)
        phase = "other"
        for symbol, _ in frames:  # leaf first: the innermost match wins
            readable = names.get(symbol, symbol)
            hit = next((name for name, pattern in PHASES if pattern.search(readable)), None)
            if hit:
                phase = hit
                break
        phase_count[phase] += 1
        lib_count[lib] += 1
        phase_lib[phase][lib] += 1
        self_count[(leaf_symbol, os.path.basename(leaf_dso))] += 1
    if total == 0:
        sys.exit("perf script gave no samples")

    def pct(n):
        return f"{100 * n / total:.1f} %"

    lines = [
        f"`perf record -F {args.frequency} --call-graph dwarf` on `zonefit overlay synth-1m.csv -o out.{args.output}` "
        f"(all cores): {wall_s:.1f} s wall under perf, {total:,} CPU samples on all threads. "
        "Phase = the innermost frame on the stack that names one; library = the sampled (innermost) frame's.",
        "",
        "| phase | share of CPU | by library within the phase |",
        "|---|---|---|",
    ]
    labels = {"parse": "parse (read the CSV, coordinates)", "locate": "locate (point in unit)",
             "write": "write (format rows, output + rejects)",
             "worker": "worker loop, inlined (parse/locate/format mixed)", "hash": "hash inputs (provenance SHA-256)",
             "other": "other (set-up, scheme, the batch loop and row values, thread hand-off)"}
    for phase in ("parse", "locate", "write", "worker", "hash", "other"):
        if not phase_count[phase]:
            continue
        within = ", ".join(f"{lib} {100 * c / phase_count[phase]:.0f} %"
                           for lib, c in phase_lib[phase].most_common(4) if c * 100 >= phase_count[phase] * 3)
        lines.append(f"| {labels[phase]} | {pct(phase_count[phase])} | {within} |")
    lines += ["", "| library (innermost frame) | share of CPU |", "|---|---|"]
    for lib, c in lib_count.most_common():
        if c * 1000 >= total * 5:
            lines.append(f"| {lib} | {pct(c)} |")
    top = self_count.most_common(12)
    readable = demangle([s for (s, _), _ in top])
    lines += ["", "Hottest symbols (self time):", "", "| symbol | library | share |", "|---|---|---|"]
    for (symbol, dso), c in top:
        name = readable.get(symbol, symbol).replace("|", "\\|")
        if len(name) > 90:
            name = name[:87] + "…"
        lines.append(f"| `{name}` | {dso} | {pct(c)} |")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
