#!/usr/bin/env bash
# Runs every notebook in Notebooks/ headlessly and stores its outputs.
#
#   bash scripts/notebooks.sh            # execute in place: the stored outputs are refreshed
#   bash scripts/notebooks.sh --check    # execute copies in a temporary folder; Notebooks/*.ipynb untouched
#   bash scripts/notebooks.sh 02         # only the notebooks whose name contains 02
#
# Creates the virtual environment Notebooks/.venv from Notebooks/requirements.txt on first use
# (again when requirements.txt changes), builds the release binary if there is none (after the
# README's set-up: scripts/setup.sh), and executes each notebook with nbclient, with a time limit
# of $NOTEBOOK_CELL_TIMEOUT seconds (default 600) per cell. The notebooks call the binary in
# $ZONEFIT_BIN, else .build/release/zonefit, else .build/debug/zonefit, and write their files to
# Notebooks/out/ (git-ignored). A notebook fails on any cell error or timeout, or if it is over
# 2 MB. Prints "N passed, M failed"; exits non-zero if any notebook failed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

mode=inplace
filters=()
for arg in "$@"; do
  case "$arg" in
    --check) mode=check ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) filters+=("$arg") ;;
  esac
done

# The binary: $ZONEFIT_BIN, else the release or debug build; build release if none.
if [ -z "${ZONEFIT_BIN:-}" ] && [ ! -x .build/release/zonefit ] && [ ! -x .build/debug/zonefit ]; then
  if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
  fi
  command -v swift >/dev/null 2>&1 || { echo "notebooks: no zonefit binary and no Swift toolchain; run scripts/setup.sh first" >&2; exit 1; }
  echo "notebooks: no zonefit binary; building it (swift build -c release --product zonefit)" >&2
  swift build -c release --product zonefit
fi

# The virtual environment, rebuilt when requirements.txt changes.
venv=Notebooks/.venv
stamp="$venv/.requirements.sha256"
want="$(sha256sum Notebooks/requirements.txt | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "notebooks: installing Notebooks/requirements.txt into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r Notebooks/requirements.txt
  echo "$want" > "$stamp"
fi

notebooks=()
for nb in Notebooks/*.ipynb; do
  if [ "${#filters[@]}" -eq 0 ]; then notebooks+=("$nb"); continue; fi
  for f in "${filters[@]}"; do [[ "$nb" == *"$f"* ]] && { notebooks+=("$nb"); break; }; done
done
[ "${#notebooks[@]}" -gt 0 ] || { echo "notebooks: no notebook matches" >&2; exit 1; }

exec "$venv/bin/python" - "$mode" "${NOTEBOOK_CELL_TIMEOUT:-600}" "${notebooks[@]}" <<'PY'
import os, re, sys, tempfile, time
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

mode, timeout, paths = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
notebooks_dir = os.path.abspath("Notebooks")
scratch = tempfile.mkdtemp(prefix="zonefit-notebooks-") if mode == "check" else None
passed, failed = [], []
for path in paths:
    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    # The kernel starts in Notebooks/ (as Jupyter would) so `import zonefit_nb` and ../.build resolve.
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": notebooks_dir}})
    error = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as e:
        error = re.sub(r"\x1b\[[0-9;]*m", "", str(e)).strip().splitlines()   # no terminal colours
    except Exception as e:  # kernel died, could not start …
        error = [f"{type(e).__name__}: {e}"]
    target = path if mode == "inplace" else os.path.join(scratch, os.path.basename(path))
    nbformat.write(nb, target)
    size = os.path.getsize(target) / 1e6
    took = time.perf_counter() - start
    if error is None and size > 2.0:
        error = [f"stored notebook is {size:.2f} MB, over the 2 MB limit: make its figures smaller"]
    if error is None:
        passed.append(path)
        print(f"PASS {path}  {took:.0f} s  {size:.2f} MB" + ("" if mode == "inplace" else f"  → {target}"), flush=True)
    else:
        failed.append(path)
        print(f"FAIL {path}  {took:.0f} s  (executed copy: {target})", flush=True)
        print("\n".join("    " + line for line in error[-25:]), flush=True)
print(f"{len(passed)} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
PY
