"""`make bench-pdf`: the PDF step both ways, LaTeX (xelatex via latexmk) against Typst (the typst wheel, in-process).

Each way is built in fresh copies of the project (tools/book.py) whose diagram cache is seeded from one warm-up
copy, so that no browser runs while a PDF is measured (the diagrams cost the same either way; `make bench`
measures them).  For each way it prints, as the median of RUNS runs (`make bench-pdf RUNS=5`; default 3):

  clean      sphinx-build from nothing to the PDF (read, resolve, write, typeset): `-M latexpdf` / `-b typstpdf`
  typeset    the typesetting alone, in the clean build: latexmk's xelatex passes (`make all-pdf` in _build/latex,
             after `-b latex`) / the Typst compile with its named destinations (the builder's log line)
  no-op      the same command again, nothing changed (Typst: the source is unchanged, so nothing is compiled)
  size       the PDF's size

A benchmark prints figures; it asserts nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from book import ROOT, copy_project

SPHINX = str(ROOT / ".venv" / "bin" / "sphinx-build")
FLAGS = ["-n", "-W", "--keep-going", "-c", "."]
RUNS = int(os.environ.get("RUNS", "3"))
CACHE = Path("_build") / ".diagram-cache"


def run(cmd: list[str], cwd: Path) -> tuple[float, str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "LATEXMKOPTS": "-silent",
           "LATEXOPTS": "-interaction=nonstopmode -halt-on-error"}
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return took, done.stdout + done.stderr


def latex_once(root: Path) -> dict[str, float]:
    clean, _ = run([SPHINX, "-M", "latexpdf", "docs", "_build", *FLAGS], root)
    size = (root / "_build" / "latex" / "briefing.pdf").stat().st_size
    noop, _ = run([SPHINX, "-M", "latexpdf", "docs", "_build", *FLAGS], root)
    # the typesetting alone: the .tex written again from a fresh environment, then latexmk from nothing
    shutil.rmtree(root / "_build" / "latex")
    run([SPHINX, "-b", "latex", "-d", "_build/doctrees", "docs", "_build/latex", *FLAGS], root)
    typeset, _ = run(["make", "-C", "_build/latex", "all-pdf"], root)
    return {"clean": clean, "typeset": typeset, "noop": noop, "size": size}


def typst_once(root: Path) -> dict[str, float]:
    command = [SPHINX, "-b", "typstpdf", "-d", "_build/doctrees-typst", "docs", "_build/typst", *FLAGS]
    clean, output = run(command, root)
    compiled = re.search(r"typst: compiled in ([\d.]+) s", output)
    size = (root / "_build" / "typst" / "briefing.pdf").stat().st_size
    noop, _ = run(command, root)
    return {"clean": clean, "typeset": float(compiled.group(1)) if compiled else float("nan"), "noop": noop, "size": size}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        work = Path(tmp)
        seed = copy_project(work / "seed")  # renders every diagram (and its text-label variant) once
        run([SPHINX, "-b", "typstpdf", "-d", "_build/doctrees-typst", "docs", "_build/typst", *FLAGS], seed)
        run([SPHINX, "-b", "latex", "-d", "_build/doctrees", "docs", "_build/latex", *FLAGS], seed)
        results = {}
        for name, once in (("LaTeX (xelatex)", latex_once), ("Typst", typst_once)):
            runs = []
            for i in range(RUNS):
                root = copy_project(work / f"{name[:5].lower()}-{i}")
                shutil.copytree(seed / CACHE, root / CACHE)
                runs.append(once(root))
            results[name] = {figure: statistics.median(r[figure] for r in runs) for figure in runs[0]}
    print(f"\nThe PDF step, median of {RUNS} runs each (diagrams cached; {os.cpu_count()} cores):\n")
    print("| PDF | clean build | typesetting alone | no-op build | PDF size |")
    print("| --- | --- | --- | --- | --- |")
    for name, figures in results.items():
        print(f"| {name} | {figures['clean']:.2f} s | {figures['typeset']:.2f} s | {figures['noop']:.2f} s | "
              f"{figures['size'] / 1024:.0f} KiB |")
    latex, typst = results["LaTeX (xelatex)"], results["Typst"]
    print(f"\nTypst against LaTeX: clean {typst['clean'] / latex['clean']:.2f}x, typesetting "
          f"{typst['typeset'] / latex['typeset']:.2f}x, no-op {typst['noop'] / latex['noop']:.2f}x")


if __name__ == "__main__":
    main()
