"""``briefing doctor``: what this machine lacks to build a book, and the one command that installs it.

The system's part (TeX, fonts, a Chromium) is found by command, as ``make``'s set-up finds it
(``starter/tools/setup_system.py``); the kit's part is Mermaid from npm, installed once for every book in the
kit's folder (:mod:`briefing.kit`).
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


def system_needs() -> list:
    spec = importlib.util.spec_from_file_location("briefing_setup_system", HERE / "starter" / "tools" / "setup_system.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    writes, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no __pycache__ inside the package's starter
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = writes
    return [need for need in module.needs() if not need.what.startswith(NOT_FOR_BOOKS)]


def doctor(confdir: Path | None = None) -> int:
    confdir = confdir or Path.cwd()
    rows, debian, brew, other = [], [], [], []
    for need in system_needs():
        rows.append((need.present, need.what))
        if not need.present:
            debian.append(need.debian)
            brew.append(need.brew)
    try:
        browser = find_browser(configured_path(kit.BROWSER_CONFIG))
        rows.append((True, f"a Chromium for the diagrams ({browser})"))
    except BrowserNotFound:
        rows.append((False, "a Chromium for the diagrams"))
        debian.append("chromium-headless-shell")
        other.append(install_command())
    mermaid = kit.node_modules(confdir) / "mermaid" / "package.json"
    rows.append((mermaid.is_file(), f"Mermaid {kit.mermaid_version()} for the diagrams ({mermaid.parent.parent})"))
    if not mermaid.is_file():
        if not shutil.which("npm"):
            rows.append((False, "npm (installs Mermaid once, for every book)"))
            debian += ["nodejs", "npm"]
            brew.append("brew install node@20")
        npm = kit.install_mermaid_command()
    for present, what in rows:
        print(f"  {'ok     ' if present else 'MISSING'}  {what}")
    if all(present for present, _ in rows):
        print("Nothing is missing: `briefing build` builds HTML, PDF and EPUB here.")
        return 0
    steps = []
    name = platform_name()
    if debian and name in ("debian", "ubuntu"):
        sudo = "" if os.geteuid() == 0 else "sudo "
        steps.append(f"{sudo}apt-get update && {sudo}apt-get install -y --no-install-recommends "
                     + " ".join(dict.fromkeys(debian)))
    elif brew and name == "macos":
        steps += list(dict.fromkeys(b for b in brew if b))
    elif debian:
        steps += other or []
        print("Install the missing tools with your system's package manager (on PATH), then:")
    if not mermaid.is_file():
        steps.append(npm)
    print("Install what is missing with:\n  " + " && ".join(steps))
    return 1


if __name__ == "__main__":
    sys.exit(doctor())
