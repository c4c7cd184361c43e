"""Read the Docs builds what `make` builds: the same Debian packages, Node, Python, commands and strictness."""

import re
import subprocess
import sys

import yaml

from conftest import ROOT

RTD = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def test_make_installs_exactly_the_read_the_docs_packages():
    printed = subprocess.run(["make", "-s", "print-deb-packages"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert printed.stdout.split() == RTD["build"]["apt_packages"]


def test_every_listed_package_is_a_real_installed_debian_package():
    for package in RTD["build"]["apt_packages"]:
        status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
        assert status.stdout == "install ok installed", package


def test_same_python_and_node():
    assert RTD["build"]["tools"]["python"] == f"{sys.version_info.major}.{sys.version_info.minor}"
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout
    assert node.lstrip("v").split(".")[0] == RTD["build"]["tools"]["nodejs"]


def test_read_the_docs_runs_make_and_publishes_html_pdf_and_epub():
    commands = RTD["build"]["commands"]
    assert commands[:2] == ["make", "make epub"]  # the same set-up (npm ci, pinned .venv) and the same strict flags
    assert any(re.fullmatch(r"cp -r _build/html \$READTHEDOCS_OUTPUT/html", c) for c in commands)
    assert any(re.fullmatch(r"cp _build/latex/briefing\.pdf \$READTHEDOCS_OUTPUT/pdf/\S+\.pdf", c) for c in commands)
    assert any(re.fullmatch(r"cp _build/epub/briefing\.epub \$READTHEDOCS_OUTPUT/epub/\S+\.epub", c) for c in commands)


def test_the_makefile_builds_strictly_with_the_lockfile():
    assert re.search(r"^SPHINXERRORHANDLING := -n -W --keep-going$", MAKEFILE, re.M)
    assert "npm ci" in MAKEFILE and "pip install" in MAKEFILE and "-r requirements.txt" in MAKEFILE
