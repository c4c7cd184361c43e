"""Find a Chromium to run, wherever this machine keeps one: the one browser finder of the project.

Used by the diagram renderer (``diagram_browser.py``), the tests (``tests/conftest.py``), ``make audit``
(``tools/audit.py``) and ``make``'s set-up (``tools/setup_system.py``).  It looks, in this order, at

1. ``$BRIEFING_BROWSER`` (a path; if set, it must exist: an explicit choice never falls through);
2. the configured path (``executablePath`` in ``puppeteer-config.json``);
3. headless shells, then browsers, on ``PATH`` (Ubuntu's snap stubs are passed over: they cannot run here);
4. Playwright's browsers (``$PLAYWRIGHT_BROWSERS_PATH``, the project's ``.browsers``, ``~/.cache/ms-playwright``,
   ``~/Library/Caches/ms-playwright``) and Puppeteer's (``$PUPPETEER_CACHE_DIR``, ``~/.cache/puppeteer``);
5. the macOS applications (``/Applications``, ``~/Applications``).

``full=True`` (the reader tests, Lighthouse) prefers a full browser to a headless shell at each step.
When nothing is found, :class:`BrowserNotFound` lists every place tried and the one command that
installs a browser on this platform.  ``python3 briefing/browser_finder.py [--full]`` prints the path.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
from pathlib import Path

ENV = "BRIEFING_BROWSER"
ROOT = Path.cwd()  # the book's project folder, where make runs (the renderer passes its own: ``project=``)
PROJECT_BROWSERS = ROOT / ".browsers"  # where `make` puts Playwright's headless shell where the OS has none
HEADLESS_SHELLS = ["chromium-headless-shell", "chrome-headless-shell", "headless_shell"]
BROWSERS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"]
# In Playwright's and Puppeteer's caches (Linux and macOS layouts), relative to the cache folder.
PLAYWRIGHT_SHELLS = ["chromium_headless_shell-*/chrome-headless-shell-*/chrome-headless-shell",
                     "chromium_headless_shell-*/chrome-linux/headless_shell"]
PLAYWRIGHT_BROWSERS = ["chromium-*/chrome-linux*/chrome",
                       "chromium-*/chrome-mac*/*.app/Contents/MacOS/*"]
PUPPETEER_SHELLS = ["chrome-headless-shell/*/chrome-headless-shell-*/chrome-headless-shell"]
PUPPETEER_BROWSERS = ["chrome/*/chrome-linux64/chrome", "chrome/*/chrome-mac*/*.app/Contents/MacOS/*"]
MAC_APPS = ["Google Chrome.app/Contents/MacOS/Google Chrome", "Chromium.app/Contents/MacOS/Chromium",
            "Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing"]


class BrowserNotFound(OSError):
    """No runnable Chromium; the message lists what was tried and how to install one."""


def os_release() -> dict[str, str]:
    try:
        lines = Path("/etc/os-release").read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    pairs = (line.split("=", 1) for line in lines if "=" in line)
    return {key: value.strip().strip('"') for key, value in pairs}


def platform_name() -> str:
    """'debian', 'ubuntu', 'macos' or 'other': what decides how `make` installs things."""
    if platform.system() == "Darwin":
        return "macos"
    release = os_release()
    ids = [release.get("ID", ""), *release.get("ID_LIKE", "").split()]
    if "ubuntu" in ids:
        return "ubuntu"
    return "debian" if "debian" in ids else "other"


def install_command(name: str | None = None) -> str:
    """The one command that installs a headless Chromium here."""
    name = name or platform_name()
    if name == "debian":
        return "apt-get install chromium chromium-headless-shell   (as root; or run `make`, which does it)"
    if name == "macos":
        return "brew install --cask google-chrome"
    return (f"PLAYWRIGHT_BROWSERS_PATH={PROJECT_BROWSERS} {ROOT / '.venv/bin/python'} -m playwright install "
            "--only-shell chromium   (`make` does it)")


def cache_dirs(project: Path | None = None) -> tuple[list[Path], list[Path]]:
    """Playwright's and Puppeteer's browser folders, in the order they are searched."""
    home = Path.home()
    playwright = [Path(p) for p in [os.environ.get("PLAYWRIGHT_BROWSERS_PATH", "")] if p and p != "0"]
    playwright += [project / ".browsers" if project else PROJECT_BROWSERS, home / ".cache" / "ms-playwright", home / "Library" / "Caches" / "ms-playwright"]
    puppeteer = [Path(p) for p in [os.environ.get("PUPPETEER_CACHE_DIR", "")] if p]
    puppeteer += [home / ".cache" / "puppeteer"]
    return playwright, puppeteer


def is_snap_stub(path: Path) -> bool:
    """Ubuntu's /usr/bin/chromium-browser: a script that asks for the snap, not a browser."""
    real = path.resolve()
    if str(real).startswith("/snap/"):
        return True
    try:
        with real.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return head.startswith(b"#!") and b"snap" in head


def runnable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK) and not is_snap_stub(path)


def why_not(path: Path) -> str:
    if not path.exists():
        return "not found"
    return "Ubuntu's snap stub, which cannot run here" if is_snap_stub(path) else "not an executable file"


def newest(folder: Path, patterns: list[str]) -> list[Path]:
    """Matches in ``folder``, newest revision first."""
    found: list[Path] = []
    for pattern in patterns:
        found += sorted(folder.glob(pattern), reverse=True)
    return found


def candidates(configured: str | None = None, full: bool = False,
               project: Path | None = None) -> list[tuple[str, Path | None]]:
    """(where, path) in search order; path None where a place holds nothing to try."""
    steps: list[tuple[str, Path | None]] = []
    if configured:
        steps.append(("the configured executablePath (puppeteer-config.json)", Path(configured)))
    kinds = [BROWSERS, HEADLESS_SHELLS] if full else [HEADLESS_SHELLS, BROWSERS]
    for names in kinds:
        for name in names:
            found = shutil.which(name)
            steps.append((f"`{name}` on PATH", Path(found) if found else None))
    playwright, puppeteer = cache_dirs(project)
    for label, folders, shells, browsers in (("Playwright's browsers", playwright, PLAYWRIGHT_SHELLS, PLAYWRIGHT_BROWSERS),
                                             ("Puppeteer's browsers", puppeteer, PUPPETEER_SHELLS, PUPPETEER_BROWSERS)):
        for folder in folders:
            hits = newest(folder, browsers) + newest(folder, shells) if full else newest(folder, shells) + newest(folder, browsers)
            steps += [(f"{label} in {folder}", hit) for hit in hits] or [(f"{label} in {folder}", None)]
    for apps in (Path("/Applications"), Path.home() / "Applications"):
        steps += [("a macOS application", apps / app) for app in MAC_APPS]
    return steps


def find_browser(configured: str | None = None, full: bool = False, project: Path | None = None) -> str:
    """The path of a Chromium to run; :class:`BrowserNotFound` (an OSError) if there is none.

    ``project``: the book's folder (its ``.browsers``), if not the current one."""
    chosen = os.environ.get(ENV)
    if chosen:
        if runnable(Path(chosen)):
            return chosen
        raise BrowserNotFound(f"${ENV} is set to {chosen}, which is not a runnable browser; "
                              f"unset it or point it at a Chromium or headless shell")
    tried = [f"${ENV} (not set)"]
    for where, path in candidates(configured, full, project):
        if path is not None and runnable(path):
            return str(path)
        tried.append(f"{where}: " + ("nothing" if path is None else f"{path} ({why_not(path)})"))
    raise BrowserNotFound("no Chromium or headless shell found. Tried:\n  " + "\n  ".join(tried)
                          + f"\nInstall one with:\n  {install_command()}\nor set ${ENV} to a browser's path.")


def configured_path(config: Path) -> str | None:
    """``executablePath`` of a puppeteer config file, if it has one."""
    try:
        return json.loads(config.read_text(encoding="utf-8")).get("executablePath")
    except (OSError, ValueError, AttributeError):
        return None


def main(argv: list[str]) -> int:
    full = "--full" in argv
    try:
        print(find_browser(None if full else configured_path(ROOT / "puppeteer-config.json"), full=full))
    except BrowserNotFound as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
