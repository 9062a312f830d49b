"""Shared set-up for the zonefit notebooks: find the binary, run it, find a CJK font.

The notebooks never re-implement zonefit: every result comes from running the
built binary with `run(...)` and reading the files it writes.
"""
from __future__ import annotations

import os
import shlex
import subprocess
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent          # Notebooks/
ROOT = HERE.parent                              # the repository
OUT = HERE / "out"                              # git-ignored outputs of the notebooks

BUILD_HINT = (
    "No zonefit binary found. Build it from the repository root:\n"
    "    bash scripts/setup.sh            # GDAL, GEOS, a CJK font (first time only)\n"
    "    swift build -c release --product zonefit\n"
    "or point ZONEFIT_BIN at a built binary (export ZONEFIT_BIN=/path/to/zonefit)."
)


def find_zonefit() -> Path:
    """$ZONEFIT_BIN, else ../.build/release/zonefit, else ../.build/debug/zonefit."""
    env = os.environ.get("ZONEFIT_BIN")
    if env:
        path = Path(os.path.abspath(Path(env).expanduser()))
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise FileNotFoundError(f"ZONEFIT_BIN={env} is not an executable file.\n{BUILD_HINT}")
        return path
    for candidate in (HERE / "../.build/release/zonefit", HERE / "../.build/debug/zonefit"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return Path(os.path.normpath(candidate))
    raise FileNotFoundError(BUILD_HINT)


ZONEFIT = find_zonefit()


def run(*args, quiet: bool = False, check: bool = True) -> subprocess.CompletedProcess:
    """Run `zonefit ARGS` from the repository root (so GeoData/ paths resolve) and print
    what it prints. Paths may be given relative to the repository root or absolute."""
    argv = [str(ZONEFIT), *map(str, args)]
    shown = " ".join(shlex.quote(str(a)) for a in ["zonefit", *args])
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - start
    if not quiet:   # paths shown relative to the repository root
        short = lambda text: text.replace(str(ROOT) + os.sep, "")
        print(short(f"$ {shown}    # {took:.1f} s, exit {proc.returncode}"))
        if proc.stdout.strip():
            print(short(proc.stdout.rstrip()))
        if proc.stderr.strip():
            print(short(proc.stderr.rstrip()))
    if check and proc.returncode != 0:
        raise RuntimeError(f"zonefit exited {proc.returncode}: {proc.stderr.strip()}")
    return proc


def out(name: str) -> Path:
    """A path in Notebooks/out/ (created on first use)."""
    OUT.mkdir(parents=True, exist_ok=True)
    return OUT / name


# Font families that hold the Chinese characters of the unit and category names.
_CJK_FAMILIES = [
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "SimHei",
    "PingFang SC", "Hiragino Sans GB", "Heiti SC", "Droid Sans Fallback",
    "Noto Sans CJK JP", "Noto Sans CJK TC",
]
_CJK_FILE_HINTS = ("cjk", "sourcehan", "wqy", "wenquanyi", "msyh", "simhei", "pingfang",
                   "hiragino", "droidsansfallback", "notosanssc")

FONT_HINT = (
    "No CJK font found: Chinese labels will show as boxes. Install one and restart the kernel:\n"
    "    Debian/Ubuntu: sudo apt-get install fonts-noto-cjk   (scripts/setup.sh does this)\n"
    "    macOS:         brew install --cask font-noto-sans-cjk-sc\n"
    "    Windows:       Microsoft YaHei is already installed\n"
    "If you just installed it, delete matplotlib's font cache (matplotlib.get_cachedir())."
)


def setup_plotting(dpi: int = 90) -> str | None:
    """Small PNG figures and a CJK font. Returns the font family used, or None."""
    import matplotlib
    import matplotlib.font_manager as fm
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "figure.dpi": dpi, "savefig.dpi": dpi, "figure.figsize": (9, 6),
        "axes.unicode_minus": False, "axes.titlesize": 11, "font.size": 9,
    })
    known = {f.name for f in fm.fontManager.ttflist}
    family = next((name for name in _CJK_FAMILIES if name in known), None)
    if family is None:
        # matplotlib's font cache may predate the font's installation: add the files directly.
        for path in fm.findSystemFonts():
            if any(h in Path(path).name.lower().replace("-", "").replace("_", "") for h in _CJK_FILE_HINTS):
                try:
                    fm.fontManager.addfont(path)
                except Exception:
                    continue
        known = {f.name for f in fm.fontManager.ttflist}
        family = next((name for name in _CJK_FAMILIES if name in known), None)
    if family is None:
        print(FONT_HINT)
        return None
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    print(f"CJK font: {family} (matplotlib {matplotlib.__version__})")
    return family


ZONE_COLOURS = {"central": "#d95f02", "new_area": "#1b9e77", "suburban": "#7570b3"}
ZONE_LABELS = {"central": "中心城区 central city", "new_area": "城市新区 new areas",
               "suburban": "郊区新城 suburban new towns"}
MAP_CRS = "EPSG:4544"   # CGCS2000 / 3-degree GK CM 105E: the scheme's area CRS, in metres


def tidy_map(ax, title: str | None = None):
    """No lon/lat ticks on a projected map (EPSG:4544, metres); a scale bar bottom left."""
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    length = max(l for l in (250, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000) if l <= 0.2 * (x1 - x0) or l == 250)
    bx, by = x0 + 0.04 * (x1 - x0), y0 + 0.04 * (y1 - y0)
    ax.plot([bx, bx + length], [by, by], color="black", lw=3, solid_capstyle="butt")
    label = f"{length // 1000} km" if length >= 1000 else f"{length} m"
    ax.text(bx + length / 2, by + 0.015 * (y1 - y0), label, ha="center", va="bottom")
