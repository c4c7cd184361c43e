"""Where the kit keeps what it installs once for every book: Mermaid from npm, and the browser's settings.

A book folder holds content and settings only.  The diagram pipeline finds Mermaid in the book's own
``node_modules`` if it has one (this repository does, for its tests), else in the kit's folder:
``$BRIEFING_HOME``, else ``$XDG_DATA_HOME/briefing``, else ``~/.local/share/briefing`` (``briefing doctor`` says
what is missing there and the one command that installs it).  The browser's settings are the book's
``puppeteer-config.json`` if it has one, else the kit's own (:data:`BROWSER_CONFIG`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
BROWSER_CONFIG = HERE / "starter" / "puppeteer-config.json"  # Debian's headless shell; the finder looks further
PACKAGE = HERE / "starter" / "package.json"


def home() -> Path:
    chosen = os.environ.get("BRIEFING_HOME")
    if chosen:
        return Path(chosen)
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "briefing"


def mermaid_version() -> str:
    return json.loads(PACKAGE.read_text(encoding="utf-8"))["dependencies"]["mermaid"]


def node_modules(confdir: Path, setting: str = "") -> Path:
    """The node_modules the diagrams use: the setting (relative to conf.py's folder), else the book's own if it
    has Mermaid, else the kit's."""
    if setting:
        return Path(confdir, setting)
    own = Path(confdir, "node_modules")
    return own if (own / "mermaid" / "package.json").is_file() else home() / "node_modules"


def install_mermaid_command() -> str:
    return (f"npm install --prefix {home()} --no-audit --no-fund --ignore-scripts --no-save "
            f"mermaid@{mermaid_version()}")


def browser_config(confdir: Path, setting: str) -> Path:
    """The browser's settings: the book's file, else (the default name, absent) the kit's."""
    path = Path(confdir, setting)
    return path if path.is_file() or setting != "puppeteer-config.json" else BROWSER_CONFIG
