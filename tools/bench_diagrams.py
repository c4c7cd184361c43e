"""`make bench`: this book's diagram pipeline against stock sphinxcontrib-mermaid, side by side.

Builds the same pages twice, each in its own copy of the project:
  (a) ours:  briefing/diagrams.py — one Chromium per build, cached;
  (b) stock: sphinxcontrib-mermaid calling mermaid-cli once per diagram and output format
             (the briefing package switches to it when BRIEFING_STOCK_MERMAID=1).
Both use the same browser: the one browser_finder finds (Debian's chromium-headless-shell here), written
into each copy's puppeteer-config.json (the headless shell is mermaid-cli's own default).  For each it prints: clean HTML+PDF build time, browser
launches in that clean build, no-op HTML rebuild time, and the HTML rebuild time after one section
file changes — each the median of RUNS runs (`make bench RUNS=5`; default 3), every run in a fresh
copy — then the ratios against the targets of the issue (launches <= 1; clean <= 0.4x stock; edit
<= 2x no-op).  A benchmark prints figures; it asserts nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from book import ROOT, copy_project, find_browser

SPHINX = str(ROOT / ".venv" / "bin" / "sphinx-build")
FLAGS = ["-n", "-W", "--keep-going", "-q"]
EDITED = "docs/sections/wagner-affair.md"
RUNS = int(os.environ.get("RUNS", "3"))


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    run = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if run.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
    return time.perf_counter() - start


def measure(name: str, work: Path, seed: Path | None = None) -> dict[str, float]:
    """Clean build, launches, no-op and one-edit rebuilds: each the median of RUNS runs in fresh copies."""
    runs = [measure_once(name, work / f"{name}-{i}", seed) for i in range(RUNS)]
    return {figure: statistics.median(run[figure] for run in runs) for figure in runs[0]}


def measure_once(name: str, root: Path, seed: Path | None = None) -> dict[str, float]:
    """One fresh copy: clean build, launches, no-op and one-edit rebuilds; ``seed``: its rendered diagrams."""
    copy_project(root)
    config = root / "puppeteer-config.json"  # mermaid-cli reads executablePath itself: give it the browser the finder finds
    settings = json.loads(config.read_text(encoding="utf-8"))
    config.unlink()
    config.write_text(json.dumps({**settings, "executablePath": find_browser(settings.get("executablePath"))}), encoding="utf-8")
    if seed is not None:
        shutil.copytree(seed / "_build" / ".diagram-cache", root / "_build" / ".diagram-cache")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    launches = root / "launches.log"
    html = [SPHINX, "-b", "html", "-c", ".", "-d", "_build/doctrees", "docs", "_build/html", *FLAGS]
    pdf = [SPHINX, "-M", "latexpdf", "docs", "_build", "-c", ".", "-d", "_build/doctrees", *FLAGS]
    if name == "stock":
        env["BRIEFING_STOCK_MERMAID"] = "1"
        shim = root / "mmdc-counting"  # counts each mermaid-cli run: each one launches a browser
        shim.write_text(f'#!/bin/sh\necho run >> "{launches}"\nexec "{ROOT}/node_modules/.bin/mmdc" "$@"\n')
        shim.chmod(0o755)
        html += ["-D", f"mermaid_cmd={shim}"]
        pdf += ["-D", f"mermaid_cmd={shim}"]
    else:
        launches = root / "_build" / ".diagram-cache" / "launches.log"
    figures = {"clean": timed(html, root, env) + timed(pdf, root, env)}
    figures["launches"] = len(launches.read_text().splitlines()) if launches.exists() else 0
    figures["noop"] = timed(html, root, env)
    with open(root / EDITED, "a", encoding="utf-8") as f:
        f.write("\n")  # a change to one section file (its rendering is unchanged)
    figures["edit"] = timed(html, root, env)
    return figures


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        results = {name: measure(name, Path(tmp)) for name in ("ours", "stock")}
        # the same clean build with every diagram already cached: what Sphinx and TeX cost by themselves
        fixed = measure("fixed", Path(tmp), seed=Path(tmp) / "ours-0")["clean"]
    print(f"\nDiagram pipeline benchmark ({os.cpu_count()} cores); times in seconds, median of {RUNS} runs\n")
    print(f"{'':8} {'clean HTML+PDF':>15} {'browser launches':>17} {'no-op HTML':>11} {'edit one section':>17}")
    for name, r in results.items():
        print(f"{name:8} {r['clean']:15.1f} {r['launches']:17.0f} {r['noop']:11.2f} {r['edit']:17.2f}")
    ours, stock = results["ours"], results["stock"]
    print()
    print(f"browser launches per clean build (ours): {ours['launches']:.0f}   target <= 1")
    print(f"clean HTML+PDF, ours / stock:            {ours['clean'] / stock['clean']:.2f}x target <= 0.4x")
    print(f"one-section edit / no-op rebuild (ours): {ours['edit'] / ours['noop']:.2f}x target <= 2x")
    print(f"\nclean build with every diagram cached (Sphinx + TeX alone): {fixed:.1f} s, so the diagrams cost")
    print(f"ours {ours['clean'] - fixed:.1f} s, stock {stock['clean'] - fixed:.1f} s: "
          f"{(ours['clean'] - fixed) / (stock['clean'] - fixed):.2f}x")


if __name__ == "__main__":
    main()
