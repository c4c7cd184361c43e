"""Benchmark the kit as a user meets it (figures, not a test): a new book's folder size, and `briefing new` plus
its first HTML+PDF build, from a saved web page (tests/fixtures/saved-page.html), in a fresh folder each run.

    .venv/bin/python tools/bench_kit.py [RUNS]        (default 3; prints each run and the median)

Run with the kit installed: `make` here (Mermaid included), or `pip install .` and `briefing doctor`'s command.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "fixtures" / "saved-page.html"


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and "_build" not in p.relative_to(folder).parts)


def briefing(*args: str, cwd: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "briefing", *args], cwd=cwd, capture_output=True, text=True)
    if run.returncode:
        sys.exit(f"briefing {args[0]} failed:\n{(run.stdout + run.stderr)[-2000:]}")


def main(runs: int) -> int:
    times, sizes = [], []
    for n in range(1, runs + 1):
        with tempfile.TemporaryDirectory() as tmp:
            book = Path(tmp) / "book"
            start = time.perf_counter()
            briefing("new", str(SOURCE), str(book), cwd=Path(tmp))
            made = time.perf_counter()
            briefing("build", "html", "pdf", cwd=book)
            done = time.perf_counter()
            times.append(done - start)
            sizes.append(size(book))
            print(f"run {n}: briefing new {made - start:.1f} s + first HTML+PDF build {done - made:.1f} s = "
                  f"{done - start:.1f} s; the book's folder {sizes[-1] / 1024:.0f} KiB (without _build)", flush=True)
    print(f"median of {runs}: briefing new + first HTML+PDF build {statistics.median(times):.1f} s (target ≤ 20 s); "
          f"a new book's folder {statistics.median(sizes) / 1024:.0f} KiB (target ≤ 1 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3))
