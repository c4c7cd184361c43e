"""What the tools and the tests share about the project: a copy to build in, the built pages, the browser's switches.

    copy_project(dest)   conf.py, docs/ and briefing/ copied; node_modules and puppeteer-config.json linked
    pages(html)          every page a reader can open in a built HTML tree
    chromium(), chromium_args()   the browser for readers' tests and Lighthouse (briefing/browser_finder.py:
                                  $BRIEFING_BROWSER, PATH, Playwright's and Puppeteer's caches, macOS apps) and its switches
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from briefing.browser_finder import BrowserNotFound, find_browser  # noqa: E402,F401 (BrowserNotFound: re-exported to the tests)


def chromium() -> str:
    """A full Chromium if there is one (reader tests, Lighthouse), else a headless shell; BrowserNotFound lists
    where it looked and how to install one."""
    return find_browser(full=True)


def copy_project(dest: Path) -> Path:
    """conf.py, docs/ and the briefing package into ``dest``; node_modules and the browser config are linked, not copied."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "conf.py", dest / "conf.py")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "briefing", dest / "briefing", ignore=shutil.ignore_patterns("__pycache__"))  # make's set-up imports it
    for name in ("node_modules", "puppeteer-config.json", ".browsers"):  # .browsers: Playwright's shell, where make put one
        if (ROOT / name).exists():
            (dest / name).symlink_to(ROOT / name)
    return dest


def pages(html: Path) -> list[Path]:
    """Every page a reader can open (not the theme's own template fragments, nor the stub that sends a renamed page's
    old address on to its new one: conf.py ``redirects``)."""
    return sorted(p for p in html.rglob("*.html") if p.relative_to(html).parts[0] not in ("_static", "_sources")
                  and not redirect_stub(p))


def redirect_stub(page: Path) -> bool:
    return 'http-equiv="refresh"' in page.read_text(encoding="utf-8")[:300]


def chromium_args() -> list[str]:
    """The switches every Chromium run here gets: those of puppeteer-config.json (no sandbox as root,
    no GPU, no background network traffic on a closed network)."""
    return json.loads((ROOT / "puppeteer-config.json").read_text(encoding="utf-8"))["args"]
