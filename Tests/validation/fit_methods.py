#!/usr/bin/env python3
"""Independent check of the methods of `zonefit fit` with numpy.

Writes random indicator tables for the 23 Chengdu units (ids read from
GeoData/chengdu/zones.toml) and a profile beside each, runs the zonefit binary
for every normalisation × weighting × composite combination, and recomputes
from the spec, in numpy only (nothing from zonefit is imported):

  x'' (min-max with direction, shifted to [0.01, 1]; constant column → 1),
  z-scores (population sd, sign flipped for cost, constant column → 0),
  entropy / AHP (principal eigenvector, λmax, CI, CR with Saaty's RI) / fixed
  weights, U1, U2, C, T, D, the ten grades, the weighted-sum and TOPSIS
  composites, and the ranks (descending, ties by unit id ascending).

Reals are compared to 1e-9 absolute, relative (1e-9·|expected|) when the
magnitude exceeds 1; grades and ranks exactly. An inconsistent AHP matrix
(CR ≥ 0.1) must make zonefit exit 1 and name the CR figure on stderr. The
textbook case (Saaty's 3×3 matrix) prints λmax from numpy.

Counting: one check per compared value (per unit per field, per indicator
weight, per AHP figure, per refusal). The last line is `N passed, M failed`;
the exit code is 1 when M > 0.

Usage: python3 Tests/validation/fit_methods.py [--zonefit PATH] [--keep DIR]
"""
from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from fractions import Fraction
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SCHEME = ROOT / "GeoData" / "chengdu" / "zones.toml"
TOL = 1e-9
MAX_SHOWN = 20
ALPHA, BETA = 0.4, 0.6
RI = [0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59]
GRADES = ["极度失调", "严重失调", "中度失调", "轻度失调", "濒临失调",
          "勉强协调", "初级协调", "中级协调", "良好协调", "优质协调"]
NORMALISATIONS = ["minmax", "zscore"]
WEIGHTINGS = ["entropy", "fixed", "ahp"]
COMPOSITES = ["weighted_sum", "topsis"]


# ---------------------------------------------------------------- results
class Tally:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0
        self.shown = 0
        self.by_name: Counter = Counter()
        self.max_diff: dict[str, float] = {}

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            self.by_name[name.split(":")[0]] += 1
            if self.shown < MAX_SHOWN:
                self.shown += 1
                print(f"FAIL {name}: {' '.join(detail.split())}")
        return ok

    def close(self, name: str, got, want) -> bool:
        ok = isinstance(got, (int, float)) and not isinstance(got, bool) and \
            math.isfinite(got) and abs(got - want) <= TOL * max(1.0, abs(want))
        if ok:
            key = name.split(":")[0]
            self.max_diff[key] = max(self.max_diff.get(key, 0.0), abs(got - want) / max(1.0, abs(want)))
        return self.check(name, ok, f"zonefit {got!r}, numpy {want!r}")

    def equal(self, name: str, got, want) -> bool:
        return self.check(name, got == want, f"zonefit {got!r}, expected {want!r}")


# ---------------------------------------------------------------- numpy reference
def minmax(X: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    lo, hi = X.min(axis=0), X.max(axis=0)
    span = hi - lo
    const = span == 0
    safe = np.where(const, 1.0, span)
    xp = np.where(benefit, (X - lo) / safe, (hi - X) / safe)
    return np.where(const, 1.0, 0.01 + 0.99 * xp)


def zscore(X: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    mean, sd = X.mean(axis=0), X.std(axis=0, ddof=0)
    const = sd == 0
    z = np.where(const, 0.0, (X - mean) / np.where(const, 1.0, sd))
    return np.where(benefit, z, -z)


def entropy_weights(Xn: np.ndarray) -> np.ndarray:
    n = Xn.shape[0]
    p = Xn / Xn.sum(axis=0)
    e = -(p * np.log(p)).sum(axis=0) / math.log(n)
    d = 1.0 - e
    d = np.where(np.abs(d) < 1e-15, 0.0, d)   # a constant column: e = 1 up to rounding
    return d / d.sum()


def ahp(A: np.ndarray) -> tuple[np.ndarray, float, float, float]:
    vals, vecs = np.linalg.eig(A)
    i = int(np.argmax(vals.real))
    lam = float(vals[i].real)
    v = np.abs(vecs[:, i].real)
    w = v / v.sum()
    n = A.shape[0]
    ci = (lam - n) / (n - 1) if n > 1 else 0.0
    ri = RI[n - 1]
    cr = ci / ri if ri > 0 else 0.0
    return w, lam, ci, cr


def grade(d: float) -> str:
    return GRADES[min(int(math.floor(d * 10)), 9)]


def near_band_edge(d: float) -> bool:
    return abs(d * 10 - round(d * 10)) < 1e-9 and 0 < round(d * 10) < 10


def ranks(values: np.ndarray, ids: list[str]) -> list[int]:
    order = sorted(range(len(ids)), key=lambda i: (-values[i], ids[i]))
    r = [0] * len(ids)
    for pos, i in enumerate(order):
        r[i] = pos + 1
    return r


def reference(X, benefit, capacity, weighting, fixed, A, normalisation, composite, ids):
    xn = minmax(X, benefit)
    ahp_figs = None
    if weighting == "entropy":
        w = entropy_weights(xn)
    elif weighting == "fixed":
        w = np.asarray(fixed, float) / np.sum(fixed)
    else:
        w, lam, ci, cr = ahp(A)
        ahp_figs = {"lambda_max": lam, "ci": ci, "cr": cr}
    load = ~capacity
    u1 = (xn[:, capacity] * w[capacity]).sum(axis=1) / w[capacity].sum()
    u2 = (xn[:, load] * w[load]).sum(axis=1) / w[load].sum()
    c = 2 * np.sqrt(u1 * u2) / (u1 + u2)
    t = ALPHA * u1 + BETA * u2
    d = np.sqrt(c * t)
    v = xn if normalisation == "minmax" else zscore(X, benefit)
    wsum = (v * w).sum(axis=1)
    V = xn * w
    best, worst = V.max(axis=0), V.min(axis=0)
    splus = np.sqrt(((V - best) ** 2).sum(axis=1))
    sminus = np.sqrt(((V - worst) ** 2).sum(axis=1))
    closeness = sminus / (splus + sminus)
    comp = wsum if composite == "weighted_sum" else closeness
    return {"xn": xn, "w": w, "u1": u1, "u2": u2, "c": c, "t": t, "d": d,
            "grade": [grade(x) for x in d], "rank": ranks(d, ids),
            "composite": comp, "composite_rank": ranks(comp, ids),
            "topsis": closeness, "ahp": ahp_figs}


# ---------------------------------------------------------------- inputs
def unit_ids() -> list[str]:
    scheme = tomllib.loads(SCHEME.read_text(encoding="utf-8"))
    ids = [d["unit"] for d in scheme["districts"]] + [f["id"] for f in scheme["functional_areas"]]
    return list(dict.fromkeys(ids))


def fraction_cell(f: Fraction, integers: bool):
    """An AHP cell: "a/b", or a whole number as a TOML integer (`3`) or float (`3.0`)."""
    if f.denominator != 1:
        return f"{f.numerator}/{f.denominator}"
    return int(f) if integers else float(f)


def as_integers(cells):
    """The same matrix with whole numbers written as TOML integers, as in the spec's example."""
    return [[int(c) if isinstance(c, float) else c for c in row] for row in cells]


def reciprocal_matrix(upper: dict[tuple[int, int], Fraction], k: int):
    """TOML cells and the numeric matrix for a reciprocal matrix given a_ij (i<j)."""
    cells = [[1.0] * k for _ in range(k)]
    A = np.ones((k, k))
    for (i, j), f in upper.items():
        cells[i][j], cells[j][i] = fraction_cell(f, False), fraction_cell(1 / f, False)
        A[i, j] = f.numerator / f.denominator
        A[j, i] = f.denominator / f.numerator
    return cells, A


def consistent_matrix(rng, k: int):
    """a_ij ≈ w_i/w_j · small noise, as fractions with denominators ≤ 9; CR < 0.08."""
    while True:
        w = rng.uniform(1, 9, k)
        upper = {}
        for i, j in itertools.combinations(range(k), 2):
            r = w[i] / w[j] * math.exp(rng.normal(0, 0.08))
            upper[(i, j)] = Fraction(min(9.0, max(1 / 9, r))).limit_denominator(9)
        cells, A = reciprocal_matrix(upper, k)
        if ahp(A)[3] < 0.08:
            return cells, A


def matrix_with_cr(rng, k: int, lo: float, hi: float):
    """A reciprocal matrix whose CR lies in [lo, hi) (for the 0.10 threshold), or None."""
    for _ in range(20000):
        w = rng.uniform(1, 9, k)
        sigma = rng.uniform(0.05, 0.6)
        upper = {(i, j): Fraction(min(9.0, max(1 / 9, w[i] / w[j] * math.exp(rng.normal(0, sigma))))).limit_denominator(9)
                 for i, j in itertools.combinations(range(k), 2)}
        cells, A = reciprocal_matrix(upper, k)
        if lo <= ahp(A)[3] < hi:
            return cells, A
    return None


def inconsistent_matrix(rng, k: int):
    """Random Saaty-scale entries; CR ≥ 0.15 so the refusal is unambiguous."""
    scale = [Fraction(s) for s in range(1, 10)] + [Fraction(1, s) for s in range(2, 10)]
    while True:
        upper = {(i, j): scale[rng.integers(len(scale))] for i, j in itertools.combinations(range(k), 2)}
        cells, A = reciprocal_matrix(upper, k)
        if ahp(A)[3] >= 0.15:
            return cells, A


def toml_value(v) -> str:
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def write_profile(path: Path, case, normalisation, weighting, composite, cells) -> None:
    lines = [
        'id = "random-check"', 'name = "random"', 'indicators_table = "indicators.csv"',
        f'normalisation = "{normalisation}"', f'weighting = "{weighting}"', f'composite = "{composite}"',
        f"alpha = {ALPHA}", f"beta = {BETA}", 'missing = "fail"',
        "runs = 50", "perturbation = 0.2", "seed = 7", "",
    ]
    for j, col in enumerate(case["cols"]):
        lines += [
            "[[indicators]]", f'id = "{col}"', f'name = "{col}"', f'name_en = "{col}"', 'unit = "-"',
            f'subsystem = "{"capacity" if case["capacity"][j] else "load"}"',
            f'direction = "{"benefit" if case["benefit"][j] else "cost"}"',
            'kind = "column"', f'column = "{col}"',
            f"fixed_weight = {case['fixed'][j]!r}", 'source = "random"', "",
        ]
    if cells is not None:
        lines += ["[ahp]", "matrix = " + toml_value(cells), ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_table(path: Path, ids: list[str], cols: list[str], X: np.ndarray) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["unit", *cols])
        for uid, row in zip(ids, X):
            out.writerow([uid, *(repr(float(x)) for x in row)])


def make_case(rng, all_ids, k, shape, n=None):
    n = n or len(all_ids)
    ids = [all_ids[i] for i in rng.permutation(len(all_ids))[:n]]   # rows not in id order
    capacity = np.zeros(k, bool)
    capacity[rng.permutation(k)[: rng.integers(1, k)]] = True        # both subsystems non-empty
    benefit = rng.random(k) < 0.6
    if shape == "magnitudes":
        X = 10.0 ** rng.uniform(-4, 7, (n, k))
        X[:, 0] = 10.0 ** rng.uniform(3, 9, n)
    else:
        X = rng.uniform(0, 100, (n, k)).round(rng.integers(0, 4))
    if shape == "constant":
        # a constant column whose subsystem keeps a non-constant indicator
        j = int(rng.integers(k))
        others = [i for i in range(k) if i != j and capacity[i] == capacity[j]]
        if not others:
            capacity[j] = not capacity[j]
            if capacity.all() or (~capacity).all():
                capacity[(j + 1) % k] = not capacity[j]
        X[:, j] = 42.5
    if shape == "ties":
        X[1] = X[0]   # two units with identical rows: D and composite tie, broken by unit id
        X[3] = X[2]
    fixed = [float(round(x, 3)) for x in rng.uniform(0.05, 2.0, k)]
    cols = [f"c{j + 1}" for j in range(k)]
    return {"ids": ids, "cols": cols, "X": X, "capacity": capacity, "benefit": benefit,
            "fixed": fixed, "shape": shape, "k": k, "n": n}


# ---------------------------------------------------------------- comparison
def run_zonefit(zonefit: Path, folder: Path):
    cmd = [str(zonefit), "fit", "--indicators", str(folder / "indicators.csv"),
           "--fit-profile", str(folder / "fit-profile.toml"), "-o", str(folder / "fit.geojson")]
    for attempt in range(5):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        except OSError:   # "text file busy": the binary is being rebuilt
            if attempt == 4:
                raise
            time.sleep(2)


def get(obj: dict, *names):
    for name in names:
        if name in obj:
            return obj[name]
    return None


def compare(t: Tally, label: str, case, ref, out: dict, method: tuple[str, str, str]) -> None:
    normalisation, weighting, composite = method
    m = out.get("method", {})
    t.equal(f"method:{label}", (m.get("normalisation"), m.get("weighting"), m.get("composite")), method)
    inds = {i["id"]: i for i in out.get("indicators", [])}
    for j, col in enumerate(case["cols"]):
        got = inds.get(col, {})
        t.close(f"weight:{label}:{col}", got.get("weight"), float(ref["w"][j]))
        t.equal(f"indicator:{label}:{col}", (got.get("subsystem"), got.get("direction")),
                ("capacity" if case["capacity"][j] else "load", "benefit" if case["benefit"][j] else "cost"))
    if weighting == "ahp":
        figs = out.get("ahp") or {}
        for key in ("lambda_max", "ci", "cr"):
            t.close(f"ahp:{label}:{key}", figs.get(key), ref["ahp"][key])
    else:
        t.equal(f"ahp-null:{label}", out.get("ahp"), None)
    units = {u.get("unit"): u for u in out.get("units", [])}
    t.equal(f"unit-set:{label}", sorted(units), sorted(case["ids"]))
    for i, uid in enumerate(case["ids"]):
        u = units.get(uid)
        if u is None:
            continue
        raw, norm = u.get("raw") or {}, u.get("normalised") or {}
        for j, col in enumerate(case["cols"]):
            t.close(f"raw:{label}:{uid}:{col}", raw.get(col), float(case["X"][i, j]))
            t.close(f"x'':{label}:{uid}:{col}", norm.get(col), float(ref["xn"][i, j]))
        for key in ("u1", "u2", "c", "t", "d"):
            t.close(f"{key}:{label}:{uid}", u.get(key), float(ref[key][i]))
        d = float(ref["d"][i])
        if near_band_edge(d):   # D on a band edge to rounding: either side is right
            t.check(f"grade:{label}:{uid}", u.get("grade") in (grade(d - 1e-9), grade(d + 1e-9)),
                    f"zonefit {u.get('grade')!r}, D {d!r}")
        else:
            t.equal(f"grade:{label}:{uid}", u.get("grade"), ref["grade"][i])
        t.equal(f"rank:{label}:{uid}", u.get("rank"), ref["rank"][i])
        t.close(f"composite:{label}:{uid}", u.get("composite"), float(ref["composite"][i]))
        t.equal(f"composite_rank:{label}:{uid}", u.get("composite_rank"), ref["composite_rank"][i])
        if composite == "topsis" or u.get("topsis") is not None:
            t.close(f"topsis:{label}:{uid}", u.get("topsis"), float(ref["topsis"][i]))
        st = u.get("stability") or {}
        if st:   # Monte Carlo: not reproducible here, only bounds
            ok = (0 <= st.get("share_at_rank", -1) <= 1
                  and st.get("rank_min", 99) <= u.get("rank", 0) <= st.get("rank_max", -1))
            t.check(f"stability-bounds:{label}:{uid}", ok, f"{st} rank {u.get('rank')}")


def cr_named(stderr: str, cr: float) -> bool:
    """Some number on stderr equals CR to the precision it is written in (≥ 2 decimals)."""
    for m in re.finditer(r"\d+\.(\d+)", stderr):
        decimals = len(m.group(1))
        if decimals >= 2 and abs(float(m.group(0)) - cr) <= 0.5 * 10 ** -decimals + 1e-12:
            return True
    return False


def textbook() -> float:
    A = np.array([[1, 1 / 3, 1 / 2], [3, 1, 2], [2, 1 / 2, 1]])
    w, lam, ci, cr = ahp(A)
    print(f"textbook Saaty 3x3 [[1,1/3,1/2],[3,1,2],[2,1/2,1]]: lambda_max {lam!r}, CI {ci!r}, "
          f"CR {cr!r}, weights {np.round(w, 6).tolist()}")
    return lam


# ---------------------------------------------------------------- main
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--zonefit", default=str(ROOT / ".build" / "debug" / "zonefit"))
    ap.add_argument("--keep", help="keep the generated tables and outputs in this folder")
    args = ap.parse_args()
    zonefit = Path(args.zonefit)
    if not zonefit.is_absolute():
        zonefit = ROOT / zonefit
    if not zonefit.exists():
        print(f"FAIL binary: no zonefit at {zonefit}")
        print("0 passed, 1 failed")
        return 1
    probe = subprocess.run([str(zonefit), "fit", "--help"], capture_output=True, text=True)
    if probe.returncode != 0 or "--fit-profile" not in probe.stdout + probe.stderr:
        print(f"FAIL binary: {zonefit} has no usable `fit` subcommand (exit {probe.returncode})")
        print("0 passed, 1 failed")
        return 1
    all_ids = unit_ids()
    assert len(all_ids) == 23, all_ids
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="fit-methods-"))
    base.mkdir(parents=True, exist_ok=True)
    t = Tally()
    textbook_lambda = textbook()

    plans = [(11, 3, "uniform", None), (12, 4, "constant", None), (13, 5, "magnitudes", None),
             (14, 6, "uniform", None), (15, 7, "ties", None), (16, 8, "constant", None),
             (17, 9, "magnitudes", None), (18, 10, "uniform", None), (19, 11, "uniform", None),
             (20, 12, "magnitudes", None), (21, 5, "uniform", None)]
    # the textbook matrix itself, as a 3-indicator AHP case
    saaty_cells = [[1.0, "1/3", "1/2"], [3.0, 1.0, 2.0], [2.0, "1/2", 1.0]]
    saaty_A = np.array([[1, 1 / 3, 1 / 2], [3, 1, 2], [2, 1 / 2, 1]])

    runs = 0
    for seed, k, shape, n in plans:
        rng = np.random.default_rng(seed)
        case = make_case(rng, all_ids, k, shape, n)
        cells, A = (saaty_cells, saaty_A) if seed == 11 else consistent_matrix(rng, k)
        variants = [(method, cells if method[1] == "ahp" else None, "")
                    for method in itertools.product(NORMALISATIONS, WEIGHTINGS, COMPOSITES)]
        # the spec's own matrix form: whole numbers as TOML integers beside "a/b" strings
        variants.append((("minmax", "ahp", "weighted_sum"), as_integers(cells), "-integer-cells"))
        for method, matrix, suffix in variants:
            label = f"s{seed}k{k}{shape}{'' if n is None else f'n{n}'}/{'-'.join(method)}{suffix}"
            folder = base / label.replace("/", "_")
            folder.mkdir(parents=True, exist_ok=True)
            write_table(folder / "indicators.csv", case["ids"], case["cols"], case["X"])
            write_profile(folder / "fit-profile.toml", case, *method, matrix)
            ref = reference(case["X"], case["benefit"], case["capacity"], method[1], case["fixed"], A,
                            method[0], method[2], case["ids"])
            proc = run_zonefit(zonefit, folder)
            runs += 1
            if not t.check(f"exit:{label}", proc.returncode == 0,
                           f"exit {proc.returncode}: {proc.stderr.strip()[:300]}"):
                continue
            outputs = [folder / f for f in ("fit.geojson", "fit.csv", "fit.json")]
            if not t.check(f"outputs:{label}", all(p.exists() for p in outputs),
                           f"missing {[p.name for p in outputs if not p.exists()]}"):
                continue
            out = json.loads((folder / "fit.json").read_text(encoding="utf-8"))
            compare(t, label, case, ref, out, method)
            with (folder / "fit.csv").open(encoding="utf-8-sig") as fh:
                t.equal(f"csv-rows:{label}", len(list(csv.DictReader(fh))), case["n"])
            gj = json.loads((folder / "fit.geojson").read_text(encoding="utf-8"))
            t.equal(f"geojson-features:{label}", len(gj.get("features", [])), case["n"])

        # the refusal: an inconsistent matrix exits 1 and names CR; at the threshold,
        # CR just below 0.10 is accepted (λmax, CI, CR compared) and just above refused
        bad = [("inconsistent", inconsistent_matrix(rng, k))]
        if k >= 4:
            bad.append(("cr-just-above", matrix_with_cr(rng, k, 0.1005, 0.11)))
            near = matrix_with_cr(rng, k, 0.09, 0.0995)
            if near is not None:
                label = f"s{seed}k{k}{shape}/cr-just-below"
                folder = base / label.replace("/", "_")
                folder.mkdir(parents=True, exist_ok=True)
                write_table(folder / "indicators.csv", case["ids"], case["cols"], case["X"])
                write_profile(folder / "fit-profile.toml", case, "minmax", "ahp", "weighted_sum", near[0])
                proc = run_zonefit(zonefit, folder)
                runs += 1
                if t.check(f"exit:{label}", proc.returncode == 0,
                           f"exit {proc.returncode}: {proc.stderr.strip()[:300]}"):
                    out = json.loads((folder / "fit.json").read_text(encoding="utf-8"))
                    ref = reference(case["X"], case["benefit"], case["capacity"], "ahp", case["fixed"], near[1],
                                    "minmax", "weighted_sum", case["ids"])
                    compare(t, label, case, ref, out, ("minmax", "ahp", "weighted_sum"))
        for what, found in bad:
            if found is None:
                continue
            bad_cells, bad_A = found
            bad_cr = ahp(bad_A)[3]
            label = f"s{seed}k{k}{shape}/{what}"
            folder = base / label.replace("/", "_")
            folder.mkdir(parents=True, exist_ok=True)
            write_table(folder / "indicators.csv", case["ids"], case["cols"], case["X"])
            write_profile(folder / "fit-profile.toml", case, "minmax", "ahp", "weighted_sum", bad_cells)
            proc = run_zonefit(zonefit, folder)
            runs += 1
            t.equal(f"refusal-exit:{label}", proc.returncode, 1)
            t.check(f"refusal-cr:{label}", cr_named(proc.stderr, bad_cr),
                    f"CR {bad_cr:.6f} not on stderr: {proc.stderr.strip()[:300]!r}")

    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    if t.failed:
        print("failures by check: " + ", ".join(f"{k} {v}" for k, v in t.by_name.most_common()))
    print("largest passing difference (relative above 1): "
          + ", ".join(f"{k} {v:.1e}" for k, v in sorted(t.max_diff.items())))
    print(f"{runs} zonefit runs; textbook lambda_max {textbook_lambda:.6f}")
    print(f"{t.passed} passed, {t.failed} failed")
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
