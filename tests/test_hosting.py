"""Hosting: Read the Docs and GitHub Pages build what `make` builds, and their configurations are valid.

Both configurations are checked against the schemas their hosts publish (vendored by check-jsonschema,
so no network), and a broken copy of each is shown to fail the same check.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import setup_system  # noqa: E402

RTD_FILE = ROOT / ".readthedocs.yaml"
RTD = yaml.safe_load(RTD_FILE.read_text(encoding="utf-8"))
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# The Makefile as make reads it: ours, and the book recipes it includes (briefing/starter/Makefile, shared with new books)
MAKEFILE = "\n".join((ROOT / name).read_text(encoding="utf-8") for name in ("Makefile", "briefing/starter/Makefile"))
CHECK_JSONSCHEMA = str(ROOT / ".venv" / "bin" / "check-jsonschema")


def check(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHECK_JSONSCHEMA, "--builtin-schema", schema, *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


# -- the schemas ------------------------------------------------------------------

def test_read_the_docs_config_matches_read_the_docs_schema(tmp_path):
    run = check("vendor.readthedocs", RTD_FILE)
    assert run.returncode == 0, run.stdout + run.stderr
    broken = tmp_path / ".readthedocs.yaml"  # the check can fail: build.jobs.build knows html, htmlzip, pdf, epub only
    broken.write_text(RTD_FILE.read_text(encoding="utf-8").replace("      pdf:", "      latexpdf:"), encoding="utf-8")
    assert check("vendor.readthedocs", broken).returncode != 0


def test_github_workflows_match_the_github_actions_schema(tmp_path):
    assert [w.name for w in WORKFLOWS] == ["pages.yml", "test.yml"]
    run = check("vendor.github-workflows", *WORKFLOWS)
    assert run.returncode == 0, run.stdout + run.stderr
    broken = tmp_path / "pages.yml"  # the check can fail: a step may not both run and use an action
    broken.write_text(WORKFLOWS[0].read_text(encoding="utf-8").replace("      - uses: actions/checkout@v4\n",
                      "      - uses: actions/checkout@v4\n        run: make\n"), encoding="utf-8")
    assert check("vendor.github-workflows", broken).returncode != 0


# -- Read the Docs -----------------------------------------------------------------

def test_read_the_docs_uses_build_jobs_so_that_apt_packages_are_installed():
    build = RTD["build"]
    assert "commands" not in build, "under build.commands Read the Docs ignores apt_packages"
    assert build["apt_packages"] and build["jobs"]["install"] == ["make setup"]


def test_read_the_docs_apt_packages_are_ubuntu_names_without_a_browser():
    packages = RTD["build"]["apt_packages"]
    assert not set(packages) & set(setup_system.DEBIAN_ONLY), "Ubuntu's Chromium is a snap: no such deb there"
    assert setup_system.apt_packages("ubuntu") == packages
    debian = setup_system.apt_packages("debian")
    assert set(debian) < set(packages) and not any(p.endswith("t64") for p in debian)  # Ubuntu-only names are marked


def test_read_the_docs_installs_no_tex_as_it_builds_the_typst_pdf():
    """TeX Live is for the LaTeX PDF alone (`make latexpdf`): Read the Docs, which publishes the Typst PDF, skips it."""
    assert not set(RTD["build"]["apt_packages"]) & set(setup_system.LATEX_PACKAGES)
    assert not any("latex" in command for job in RTD["build"]["jobs"]["build"].values() for command in job)


def test_read_the_docs_builds_with_make_and_writes_one_file_per_download_folder():
    jobs = RTD["build"]["jobs"]["build"]
    assert jobs["html"][0] == "make" and "make epub" in jobs["epub"]  # the Makefile's strict build, pinned set-up
    assert any(re.fullmatch(r"cp -a _build/html/\. \$READTHEDOCS_OUTPUT/html/", c) for c in jobs["html"])
    for fmt, path in (("pdf", "_build/typst/briefing.pdf"), ("epub", "_build/epub/briefing.epub")):
        copies = [c for c in jobs[fmt] if c.startswith("cp ")]
        assert copies == [f"cp {path} $READTHEDOCS_OUTPUT/{fmt}/briefing.{fmt}"], copies  # exactly one file
    assert set(RTD["formats"]) == {"pdf", "epub"}


def test_read_the_docs_python_is_one_the_pins_install_on():
    major, minor = map(int, RTD["build"]["tools"]["python"].split("."))
    assert (major, minor) >= setup_system.MIN_PYTHON


def test_every_debian_package_make_installs_is_installed_here():
    for package in setup_system.apt_packages("debian") + setup_system.DEBIAN_ONLY + setup_system.LATEX_PACKAGES:
        status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
        assert status.stdout == "install ok installed", package


# -- GitHub ------------------------------------------------------------------------

def test_pages_workflow_builds_with_make_and_deploys_html_pdf_and_epub():
    flow = workflow("pages.yml")
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert build["container"].startswith("debian:")
    script = "\n".join(step.get("run", "") for step in build["steps"])
    assert re.search(r"^\s*make$", script, re.M) and "make epub" in script
    assert "cp _build/epub/briefing.epub _build/html/" in script  # the PDF is there already (make copies it)
    uses = [step.get("uses", "").split("@")[0] for step in build["steps"] + deploy["steps"]]
    assert {"actions/checkout", "actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses)
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    assert deploy["environment"]["name"] == "github-pages" and deploy["needs"] == "build"


def test_test_workflow_runs_make_test_then_make_check_on_pull_requests():
    flow = workflow("test.yml")
    assert "pull_request" in flow[True]  # YAML 1.1 reads the key `on` as True
    runs = [line.strip() for step in flow["jobs"]["test"]["steps"] for line in step.get("run", "").splitlines()]
    assert "make test" in runs and "make check" in runs and runs.index("make test") < runs.index("make check")


def test_the_makefile_builds_strictly_with_the_lockfile():
    assert re.search(r"^SPHINXERRORHANDLING := -n -W --keep-going$", MAKEFILE, re.M)
    assert "npm ci" in MAKEFILE and "pip install" in MAKEFILE and "-r requirements.txt" in MAKEFILE


@pytest.mark.parametrize("name", ["pages.yml", "test.yml"])
def test_workflows_start_from_what_the_readme_assumes(name):
    first = workflow(name)["jobs"]["build" if name == "pages.yml" else "test"]["steps"][0]["run"]
    assert first.endswith("git make python3 python3-venv ca-certificates")
