"""Where the kit keeps what it installs once for every book: Mermaid from npm, and the browser's settings.

A book folder holds content and settings only.  The diagram pipeline finds Mermaid in the book's own
``node_modules`` if it has one (this repository does, for its tests), else in the kit's: when the kit runs from
its repository (``make`` there installs Mermaid from the lock file, as ``pip install -e .`` leaves it), that
checkout's ``node_modules``; else the kit's folder: ``$BRIEFING_HOME``, else ``$XDG_DATA_HOME/briefing``, else
``~/.local/share/briefing`` (``briefing doctor`` says what is missing there and the one command that installs
it).  So a book started on a fresh machine after ``make`` in the kit's repository builds its figures with
nothing more done by hand, and a kit installed from a wheel needs ``briefing doctor``'s one command, once.
The browser's settings are the book's ``puppeteer-config.json`` if it has one, else the kit's own
(:data:`BROWSER_CONFIG`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
BROWSER_CONFIG = HERE / "starter" / "puppeteer-config.json"  # Debian's headless shell; the finder looks further
PACKAGE = HERE / "starter" / "package.json"
CHECKOUT = HERE.parent  # the kit's repository, when the package runs from it (it has the package.json make installs)


def home() -> Path:
    chosen = os.environ.get("BRIEFING_HOME")
    if chosen:
        return Path(chosen)
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "briefing"


def mermaid_version() -> str:
    return json.loads(PACKAGE.read_text(encoding="utf-8"))["dependencies"]["mermaid"]


def has_mermaid(folder: Path) -> bool:
    return (folder / "mermaid" / "package.json").is_file()


def checkout_node_modules() -> Path | None:
    """The kit's repository's node_modules, when the package runs from its repository and ``make`` there has
    installed Mermaid (the locked version, the one this repository's tests use); else None."""
    folder = CHECKOUT / "node_modules"
    return folder if (CHECKOUT / "package.json").is_file() and has_mermaid(folder) else None


def node_modules(confdir: Path, setting: str = "") -> Path:
    """The node_modules the diagrams use: the setting (relative to conf.py's folder), else the book's own if it
    has Mermaid, else the kit's repository's if it has, else the kit's folder (where ``briefing doctor``
    installs it)."""
    if setting:
        return Path(confdir, setting)
    own = Path(confdir, "node_modules")
    if has_mermaid(own):
        return own
    return checkout_node_modules() or home() / "node_modules"


def install_mermaid_command() -> str:
    return (f"npm install --prefix {home()} --no-audit --no-fund --ignore-scripts --no-save "
            f"mermaid@{mermaid_version()}")


def browser_config(confdir: Path, setting: str) -> Path:
    """The browser's settings: the book's file, else (the default name, absent) the kit's."""
    path = Path(confdir, setting)
    return path if path.is_file() or setting != "puppeteer-config.json" else BROWSER_CONFIG
