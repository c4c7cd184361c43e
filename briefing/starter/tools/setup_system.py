"""`make`'s set-up of what is not Python or npm: find the tools the book needs, install what is missing where we can.

    python3 tools/setup_system.py            the system tools `make` needs (fonts, poppler, Node, libraries)
    python3 tools/setup_system.py --latex    TeX Live, for the LaTeX PDF only (`make latexpdf`; `make test` checks it)
    python3 tools/setup_system.py --browser  a Chromium for the diagrams and the tests (after .venv exists)

It checks for commands and files, not package names, so any machine that has the tools passes, with or
without dpkg.  When something is missing:
- Debian and Ubuntu: as root, ``apt-get install`` of the packages that provide it (Debian's list is
  ``build.apt_packages`` in .readthedocs.yaml plus Chromium, Node and npm where absent; with ``--latex``,
  ``LATEX_PACKAGES`` below); not as root, the exact command to run, then ``make`` again.  On Ubuntu, whose
  Chromium is a snap, the browser is Playwright's headless shell in ``.browsers/``.
- macOS: the exact ``brew`` and ``tlmgr`` commands.
- Anywhere else: the list of commands that must be present.
Only standard-library Python here: it runs before .venv exists.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent  # the book's folder; not resolve(): this file may be a link (the briefing repository's is)
sys.path.insert(0, str(ROOT))
try:
    from briefing.browser_finder import BrowserNotFound, PROJECT_BROWSERS, configured_path, find_browser, install_command, platform_name  # noqa: E402
except ModuleNotFoundError:  # a book started by `briefing new`: the package's copy, next to this script (no .venv yet)
    from browser_finder import BrowserNotFound, PROJECT_BROWSERS, configured_path, find_browser, install_command, platform_name  # noqa: E402

DEBIAN_ONLY = ["chromium", "chromium-headless-shell"]  # Ubuntu's are snaps: there the browser comes from Playwright
UBUNTU_ONLY_MARK = "# Ubuntu"  # .readthedocs.yaml: a package only Ubuntu (Read the Docs) installs from this list
MIN_PYTHON = (3, 11)  # Sphinx 9.0
# TeX Live for the LaTeX PDF alone (`make latexpdf`; `make test` checks that PDF beside the Typst one), by the
# names Debian and Ubuntu share.  Not in .readthedocs.yaml: `make` and Read the Docs build the Typst PDF, no TeX.
LATEX_PACKAGES = ["latexmk", "texlive-latex-recommended", "texlive-latex-extra", "texlive-fonts-recommended",
                  "texlive-xetex", "tex-gyre"]
MACOS_TEX = ["brew install --cask basictex && eval \"$(/usr/libexec/path_helper)\"",
             "sudo tlmgr update --self && sudo tlmgr install latexmk collection-xetex collection-latexrecommended "
             "collection-latexextra collection-fontsrecommended tex-gyre"]


@dataclass(frozen=True)
class Need:
    what: str          # shown to the user
    present: bool
    debian: str        # the Debian/Ubuntu package that provides it
    brew: str          # how macOS gets it
    latex: bool = False  # only the LaTeX PDF needs it (`make latexpdf`): `make` and the Typst PDF do not


def apt_packages(name: str) -> list[str]:
    """build.apt_packages of .readthedocs.yaml (the packages Debian and Ubuntu share), for this platform."""
    text = (ROOT / ".readthedocs.yaml").read_text(encoding="utf-8")
    block = re.search(r"^ *apt_packages:\n((?: *- .*\n| *#.*\n)+)", text, re.M)
    if not block:
        sys.exit("error: no build.apt_packages list found in .readthedocs.yaml")
    packages = []
    for line in block.group(1).splitlines():
        item = re.match(r" *- *(\S+)(.*)", line)
        if item and (name == "ubuntu" or UBUNTU_ONLY_MARK not in item.group(2)):
            packages.append(item.group(1))
    return packages


def has_command(name: str) -> bool:
    return shutil.which(name) is not None


def has_font(family: str) -> bool:
    if not has_command("fc-list"):
        return False
    listed = subprocess.run(["fc-list", f":family={family}", "family"], capture_output=True, text=True)
    return bool(listed.stdout.strip())


def has_library(name: str) -> bool:
    if sys.platform == "darwin":
        return True  # part of the system
    return any(glob.glob(f"{d}/{name}") for d in ("/lib", "/usr/lib", "/lib64", "/usr/lib64", "/lib/*", "/usr/lib/*"))


def python_ok() -> bool:
    python = shutil.which("python3")
    if not python:
        return False
    check = "import sys, venv, ensurepip; sys.exit(sys.version_info < %r)" % (MIN_PYTHON,)
    return subprocess.run([python, "-c", check], capture_output=True).returncode == 0


def needs() -> list[Need]:
    """Everything the build and the tests need from the system, and whether it is here."""
    tex = "brew install --cask basictex"
    return [
        Need("xelatex (the LaTeX PDF)", has_command("xelatex"), "texlive-xetex", tex, latex=True),
        Need("latexmk", has_command("latexmk"), "latexmk", tex, latex=True),
        Need("makeindex or xindy (the LaTeX PDF's index)", has_command("makeindex") or has_command("xindy"),
             "texlive-latex-recommended", tex, latex=True),
        Need("kpsewhich (TeX's file search)", has_command("kpsewhich"), "texlive-latex-recommended", tex, latex=True),
        Need("fc-list (fontconfig: xelatex and Chromium find fonts through it)", has_command("fc-list"),
             "fontconfig", "brew install fontconfig"),
        Need("font FreeSerif (the PDF's text)", has_font("FreeSerif"), "fonts-freefont-otf", "brew install --cask font-freefont"),
        Need("font FreeSans", has_font("FreeSans"), "fonts-freefont-otf", "brew install --cask font-freefont"),
        Need("font FreeMono", has_font("FreeMono"), "fonts-freefont-otf", "brew install --cask font-freefont"),
        Need("font Liberation Sans (the diagrams)", has_font("Liberation Sans"), "fonts-liberation",
             "brew install --cask font-liberation"),
        Need("pdftotext, pdfinfo (the PDF tests)", has_command("pdftotext") and has_command("pdfinfo"),
             "poppler-utils", "brew install poppler"),
        Need("python3 >= %d.%d with venv and ensurepip" % MIN_PYTHON, python_ok(), "python3-venv",
             "brew install python@3.12"),
        Need("node", has_command("node"), "nodejs", "brew install node@20"),
        Need("npm", has_command("npm"), "npm", "brew install node@20"),
        Need("libatomic.so.1 (Playwright's driver)", has_library("libatomic.so.1"), "libatomic1", ""),
    ]


def installed(package: str) -> bool:
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return status.stdout.strip() == "install ok installed"


def apt_install(packages: list[str], why: list[str], again: str) -> int:
    command = "apt-get update && apt-get install -y --no-install-recommends " + " ".join(packages)
    if os.geteuid() != 0:
        print("Missing:", "; ".join(why) if why else " ".join(packages))
        print(f"Run this as root (with sudo, or in `su -`), then run {again} again:")
        print("  " + command)
        return 1
    print("Installing packages:", " ".join(packages), flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(["apt-get", "update", "-qq"], env=env).returncode:
        return 1
    return subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages], env=env).returncode


def report_missing(missing: list[Need], name: str, again: str = "`make`") -> int:
    print("These are needed and were not found:")
    for need in missing:
        print("  -", need.what)
    if name == "macos":
        brews = sorted({n.brew for n in missing if n.brew and "basictex" not in n.brew})
        print(f"With Homebrew (https://brew.sh), run, then run {again} again:")
        for command in (MACOS_TEX if any("basictex" in n.brew for n in missing) else []) + brews:
            print("  " + command)
    else:
        print(f"Install them with your system's package manager so that they are on PATH, then run {again} again.")
    return 1


def system(latex: bool = False) -> int:
    """What `make` needs; ``latex``: what the LaTeX PDF needs besides (run after the first, as `make latexpdf` does)."""
    name = platform_name()
    again = "`make latexpdf` (or `make test`)" if latex else "`make`"
    missing = [n for n in needs() if n.latex == latex and not n.present]
    if name in ("debian", "ubuntu") and has_command("apt-get"):
        packages = [n.debian for n in missing]
        if has_command("dpkg-query"):  # the list is the truth where there is a package database
            if latex:
                listed = LATEX_PACKAGES
            else:
                node = [] if has_command("node") and has_command("npm") else ["nodejs", "npm"]
                listed = apt_packages(name) + (DEBIAN_ONLY if name == "debian" else []) + node
            packages += [p for p in listed if not installed(p)]
        packages = list(dict.fromkeys(packages))
        if packages:
            if apt_install(packages, [n.what for n in missing], again):
                return 1
            missing = [n for n in needs() if n.latex == latex and not n.present]
    if missing:
        return report_missing(missing, name, again)
    return 0


def browser() -> int:
    """A Chromium for the diagrams (and the tests): found, or Playwright's headless shell where the OS has none."""
    try:
        find_browser(configured_path(ROOT / "puppeteer-config.json"))
        return 0
    except BrowserNotFound as err:
        name, problem = platform_name(), err
    if name == "debian":  # apt installs Chromium (system()): a browser still missing is a real problem
        print(f"error: {problem}", file=sys.stderr)
        return 1
    command = [str(ROOT / ".venv" / "bin" / "python"), "-m", "playwright", "install", "--only-shell", "chromium"]
    if name == "ubuntu" and os.geteuid() == 0:
        command.insert(4, "--with-deps")  # the shell's libraries, from Ubuntu's archive
    print(f"No Chromium here: installing Playwright's headless shell into {PROJECT_BROWSERS.name}/:", " ".join(command),
          flush=True)
    run = subprocess.run(command, env={**os.environ, "PLAYWRIGHT_BROWSERS_PATH": str(PROJECT_BROWSERS)})
    if run.returncode:
        print(f"error: could not install the headless shell. Install a browser yourself: {install_command(name)}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(browser() if "--browser" in sys.argv[1:] else system(latex="--latex" in sys.argv[1:]))
