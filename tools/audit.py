"""`make audit`: Lighthouse (mobile profile, the Chromium browser_finder finds) over every page of the built HTML.

The site is served gzip'd on loopback (tools/static_server.py), as a static host would serve it.
Prints one row per page -- accessibility, best practices, SEO, performance, KiB transferred -- and
the targets.  A benchmark, not a test: it reports figures and never fails on a score.

    .venv/bin/python tools/audit.py [_build/html]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from book import ROOT, BrowserNotFound, chromium, chromium_args, pages
from static_server import serve

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["accessibility", "best-practices", "seo", "performance"]
TARGETS = {"accessibility": 100, "best-practices": 100, "seo": 100, "performance": 95}
MAX_KIB = 500
BROWSER = ""  # found by main()


def lighthouse(url: str, out: Path) -> dict:
    flags = " ".join(["--headless=new", *chromium_args()])
    run = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
        env={**os.environ, "CHROME_PATH": BROWSER}, capture_output=True, text=True, timeout=300)
    if run.returncode != 0 or not out.exists():
        sys.exit(f"lighthouse failed on {url}:\n{run.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def failing_audits(report: dict, category: str) -> list[str]:
    refs = report["categories"][category]["auditRefs"]
    return [r["id"] for r in refs if r["weight"] and (report["audits"][r["id"]].get("score") or 0) < 1]


def main() -> None:
    html = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "_build" / "html").resolve()
    if not (html / "index.html").exists():
        sys.exit(f"{html}/index.html not found: build the HTML first (make html)")
    global BROWSER
    try:
        BROWSER = chromium()
    except BrowserNotFound as err:
        sys.exit(f"make audit: {err}")
    names = [str(p.relative_to(html)) for p in pages(html)]
    rows, notes = [], []
    with serve(html) as base, tempfile.TemporaryDirectory() as tmp:
        for i, name in enumerate(names):
            print(f"  [{i + 1}/{len(names)}] {name}", file=sys.stderr, flush=True)
            report = lighthouse(base + name, Path(tmp) / f"{i}.json")
            scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
            kib = report["audits"]["total-byte-weight"]["numericValue"] / 1024
            rows.append((name, scores, kib))
            for c in CATEGORIES:
                if scores[c] < TARGETS[c]:
                    notes.append(f"{name}: {c} {scores[c]} -- {', '.join(failing_audits(report, c)) or '?'}")

    width = max(len(n) for n in names)
    head = f"{'page':<{width}}  {'a11y':>4}  {'BP':>4}  {'SEO':>4}  {'perf':>4}  {'KiB':>6}"
    print(head)
    print("-" * len(head))
    for name, s, kib in rows:
        print(f"{name:<{width}}  {s['accessibility']:>4}  {s['best-practices']:>4}  {s['seo']:>4}  "
              f"{s['performance']:>4}  {kib:>6.0f}")
    print("-" * len(head))
    low = {c: min(s[c] for _, s, _ in rows) for c in CATEGORIES}
    heaviest = max(rows, key=lambda r: r[2])
    print(f"{'lowest':<{width}}  {low['accessibility']:>4}  {low['best-practices']:>4}  {low['seo']:>4}  "
          f"{low['performance']:>4}  {heaviest[2]:>6.0f}  (heaviest: {heaviest[0]})")
    print(f"{'target':<{width}}  {TARGETS['accessibility']:>4}  {TARGETS['best-practices']:>4}  "
          f"{TARGETS['seo']:>4}  {'>=' + str(TARGETS['performance']):>4}  {'<=' + str(MAX_KIB):>6}")
    met = all(low[c] >= TARGETS[c] for c in CATEGORIES) and heaviest[2] <= MAX_KIB
    for note in notes:
        print("  below target:", note)
    print(f"{len(rows)} pages, Lighthouse {report['lighthouseVersion']}, mobile profile, gzip'd on loopback: "
          f"targets {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
