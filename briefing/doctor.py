"""``briefing doctor``: what this machine lacks to build a book, and the one command that installs it.

The system's part (fonts, a Chromium) is found by command, as ``make``'s set-up finds it
(``starter/tools/setup_system.py``); the kit's part is Mermaid from npm, installed once for every book in the
kit's folder (:mod:`briefing.kit`).  TeX is optional: only the LaTeX PDF (``briefing build latexpdf``) needs it, so
it is reported, with its own command, but a machine without it lacks nothing a book needs.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path

from . import kit
from .browser_finder import BrowserNotFound, configured_path, find_browser, install_command, platform_name

HERE = Path(__file__).resolve().parent
NOT_FOR_BOOKS = ("pdftotext", "libatomic", "python3", "node", "npm")  # the tests' tools, make's set-up; npm: below


def setup_system():
    """The starter's tools/setup_system.py, loaded as a module: the one list of what the system provides."""
    spec = importlib.util.spec_from_file_location("briefing_setup_system", HERE / "starter" / "tools" / "setup_system.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    writes, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no __pycache__ inside the package's starter
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = writes
    return module


def apt_command(packages: list[str]) -> str:
    sudo = "" if os.geteuid() == 0 else "sudo "
    return f"{sudo}apt-get update && {sudo}apt-get install -y --no-install-recommends " + " ".join(dict.fromkeys(packages))


def latex_command(system, name: str) -> str:
    """How to install TeX for the LaTeX PDF here: the packages `make latexpdf` installs, or their macOS equivalent."""
    if name in ("debian", "ubuntu"):
        return apt_command(system.LATEX_PACKAGES)
    if name == "macos":
        return " && ".join(system.MACOS_TEX)
    return "a TeX Live with xelatex, latexmk and makeindex on PATH, from your system's package manager"


def doctor(confdir: Path | None = None) -> int:
    confdir = confdir or Path.cwd()
    system = setup_system()
    rows, debian, brew, other = [], [], [], []
    tex_missing = False
    for need in system.needs():
        if need.what.startswith(NOT_FOR_BOOKS):
            continue
        if need.latex:  # only the LaTeX PDF: reported, never a failure
            rows.append(("ok" if need.present else "optional", need.what))
            tex_missing = tex_missing or not need.present
            continue
        rows.append(("ok" if need.present else "MISSING", need.what))
        if not need.present:
            debian.append(need.debian)
            brew.append(need.brew)
    try:
        browser = find_browser(configured_path(kit.BROWSER_CONFIG))
        rows.append(("ok", f"a Chromium for the diagrams ({browser})"))
    except BrowserNotFound:
        rows.append(("MISSING", "a Chromium for the diagrams"))
        debian.append("chromium-headless-shell")
        other.append(install_command())
    mermaid = kit.node_modules(confdir) / "mermaid" / "package.json"
    rows.append(("ok" if mermaid.is_file() else "MISSING",
                 f"Mermaid {kit.mermaid_version()} for the diagrams ({mermaid.parent.parent})"))
    if not mermaid.is_file():
        if not shutil.which("npm"):
            rows.append(("MISSING", "npm (installs Mermaid once, for every book)"))
            debian += ["nodejs", "npm"]
            brew.append("brew install node@20")
        npm = kit.install_mermaid_command()
    for status, what in rows:
        print(f"  {status:<8} {what}")
    name = platform_name()
    optional = ("Optional, for the LaTeX PDF alone (`briefing build latexpdf`; the PDF needs no TeX), install TeX with:\n  "
                + latex_command(system, name)) if tex_missing else ""
    if all(status != "MISSING" for status, _ in rows):
        print("Nothing is missing: `briefing build` builds HTML, PDF and EPUB here.")
        if optional:
            print(optional)
        return 0
    steps = []
    if debian and name in ("debian", "ubuntu"):
        steps.append(apt_command(debian))
    elif brew and name == "macos":
        steps += list(dict.fromkeys(b for b in brew if b))
    elif debian:
        steps += other or []
        print("Install the missing tools with your system's package manager (on PATH), then:")
    if not mermaid.is_file():
        steps.append(npm)
    print("Install what is missing with:\n  " + " && ".join(steps))
    if optional:
        print(optional)
    return 1


if __name__ == "__main__":
    sys.exit(doctor())
