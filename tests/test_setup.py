"""Set-up: the browser finder, and `make` on machines unlike ours (no dpkg, not root).

The fresh-Debian run (`make test-fresh DIST=trixie`, in .ci/run) is the other half: it needs a chroot.
"""

from __future__ import annotations

import os
import sys
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT, copy_project

from briefing import browser_finder

sys.path.insert(0, str(ROOT / "tools"))

SHELL = shutil.which("chromium-headless-shell") or "/usr/lib/chromium/chromium-headless-shell"  # Debian's, here
PROJECT_FILES = ["Makefile", ".readthedocs.yaml", "requirements.txt", "pyproject.toml", "package.json", "package-lock.json"]
NOBODY = 65534


@pytest.fixture
def nowhere(tmp_path, monkeypatch) -> Path:
    """A machine with no browser anywhere the finder looks: empty PATH, an empty home, no cache settings."""
    home = tmp_path / "home"
    home.mkdir()
    for name in ("BRIEFING_BROWSER", "PLAYWRIGHT_BROWSERS_PATH", "PUPPETEER_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(browser_finder, "PROJECT_BROWSERS", tmp_path / "no-browsers")
    return home


def fake_browser(path: Path, target: str = SHELL) -> Path:
    """A browser in a cache's layout: a link to the real headless shell, so that it really runs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    return path


# -- the browser finder ----------------------------------------------------------------

def test_finder_finds_playwrights_headless_shell_in_a_fake_cache(nowhere, tmp_path, monkeypatch):
    cache = tmp_path / "ms-playwright"
    old = fake_browser(cache / "chromium_headless_shell-1200/chrome-headless-shell-linux64/chrome-headless-shell")
    new = fake_browser(cache / "chromium_headless_shell-1255/chrome-headless-shell-linux64/chrome-headless-shell")
    full = fake_browser(cache / "chromium-1255/chrome-linux64/chrome")
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(cache))
    assert browser_finder.find_browser("/no/such/configured/browser") == str(new) != str(old)  # the newest revision
    assert browser_finder.find_browser(full=True) == str(full)  # the reader tests prefer a full browser


def test_finder_finds_the_default_playwright_and_puppeteer_caches_in_home(nowhere):
    shell = fake_browser(nowhere / ".cache/puppeteer/chrome-headless-shell/linux-159.0/chrome-headless-shell-linux64/chrome-headless-shell")
    assert browser_finder.find_browser() == str(shell)
    playwright = fake_browser(nowhere / ".cache/ms-playwright/chromium_headless_shell-1255/chrome-headless-shell-linux64/chrome-headless-shell")
    assert browser_finder.find_browser() == str(playwright)  # Playwright's cache before Puppeteer's


def test_environment_variable_comes_first_and_must_exist(nowhere, tmp_path, monkeypatch):
    fake_browser(nowhere / ".cache/ms-playwright/chromium_headless_shell-1/chrome-headless-shell-linux64/chrome-headless-shell")
    mine = fake_browser(tmp_path / "my browser" / "chrome")
    monkeypatch.setenv("BRIEFING_BROWSER", str(mine))
    assert browser_finder.find_browser(SHELL) == str(mine)  # before the configured path and the caches
    monkeypatch.setenv("BRIEFING_BROWSER", str(tmp_path / "typo"))
    with pytest.raises(browser_finder.BrowserNotFound, match=r"\$BRIEFING_BROWSER is set to .*typo"):
        browser_finder.find_browser(SHELL)  # an explicit choice never falls through to another browser


def test_configured_path_then_path_then_caches(nowhere, tmp_path, monkeypatch):
    on_path = fake_browser(tmp_path / "bin" / "chromium")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert browser_finder.find_browser(SHELL) == SHELL
    assert browser_finder.find_browser("/no/such/browser") == str(on_path)


def test_snap_stub_is_passed_over(nowhere, tmp_path, monkeypatch):
    stub = tmp_path / "bin" / "chromium-browser"
    stub.parent.mkdir()
    stub.write_text('#!/bin/sh\necho "Command \'/usr/bin/chromium-browser\' requires the chromium snap to be installed."\n')
    stub.chmod(0o755)
    monkeypatch.setenv("PATH", str(stub.parent))
    with pytest.raises(browser_finder.BrowserNotFound) as err:
        browser_finder.find_browser()
    assert f"`chromium-browser` on PATH: {stub} (Ubuntu's snap stub, which cannot run here)" in str(err.value)


def test_empty_path_gives_a_clear_error_with_what_was_tried_and_the_install_command(nowhere):
    with pytest.raises(browser_finder.BrowserNotFound) as err:
        browser_finder.find_browser("/no/such/browser")
    message = str(err.value)
    for tried in ["$BRIEFING_BROWSER (not set)", "puppeteer-config.json): /no/such/browser (not found)",
                  "`chromium-headless-shell` on PATH: nothing", "`google-chrome` on PATH: nothing",
                  f"Playwright's browsers in {nowhere}/.cache/ms-playwright: nothing",
                  f"Puppeteer's browsers in {nowhere}/.cache/puppeteer: nothing",
                  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome (not found)"]:
        assert tried in message, (tried, message)
    assert message.rstrip().endswith("or set $BRIEFING_BROWSER to a browser's path.")
    assert "Install one with:\n  apt-get install chromium chromium-headless-shell" in message  # this is Debian


@pytest.mark.parametrize("platform, command", [
    ("ubuntu", "-m playwright install --only-shell chromium"),
    ("macos", "brew install --cask google-chrome"),
    ("other", "-m playwright install --only-shell chromium"),
])
def test_the_install_command_fits_the_platform(platform, command):
    assert command in browser_finder.install_command(platform)


def test_finder_command_line_with_an_empty_path_fails_cleanly(tmp_path):
    run = subprocess.run(["/usr/bin/python3", str(ROOT / "briefing/browser_finder.py"), "--full"], capture_output=True,
                         text=True, env={"PATH": "", "HOME": str(tmp_path)})
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.startswith("error: no Chromium or headless shell found. Tried:") and "Traceback" not in run.stderr


def test_diagrams_render_with_a_browser_found_only_in_a_playwright_cache(tmp_path):
    """The renderer uses the finder: no configured browser, nothing on PATH, a headless shell in a cache."""
    project = copy_project(tmp_path / "book")
    config = project / "puppeteer-config.json"
    settings = config.read_text(encoding="utf-8").replace("/usr/lib/chromium/chromium-headless-shell", "/no/such/browser")
    config.unlink()
    config.write_text(settings, encoding="utf-8")
    cache = tmp_path / "ms-playwright"
    fake_browser(cache / "chromium_headless_shell-1255/chrome-headless-shell-linux64/chrome-headless-shell")
    env = {"PATH": str(tmp_path / "empty"), "HOME": str(tmp_path), "PLAYWRIGHT_BROWSERS_PATH": str(cache),
           "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run([str(ROOT / ".venv/bin/sphinx-build"), "-b", "html", "-n", "-W", "--keep-going", "-c", ".",
                          "docs", "_build/html"], cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    assert "<svg" in (project / "_build/html/analysis/timeline.html").read_text(encoding="utf-8")
    assert (project / "_build/.diagram-cache/launches.log").read_text().count("browser launch") == 1


# -- make on other machines ---------------------------------------------------------------

def project_copy(dest: Path) -> Path:
    """The whole project, as `make` sees it, with this tree's .venv and node_modules (set up already)."""
    project = copy_project(dest)
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, project / name)  # copy2 keeps mtimes: the set-up stamps stay newer
    shutil.copytree(ROOT / "tools", project / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    (project / ".venv").symlink_to(ROOT / ".venv")
    return project


def path_without(tmp_path: Path, *excluded: str) -> str:
    """A PATH with every command of this machine except those matching ``excluded`` (shell patterns)."""
    import fnmatch
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for folder in ("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"):
        for tool in Path(folder).iterdir() if Path(folder).is_dir() else []:
            link = bin_dir / tool.name
            if not link.exists() and not link.is_symlink() and not any(fnmatch.fnmatch(tool.name, p) for p in excluded):
                link.symlink_to(tool)
    return str(bin_dir)


def make(project: Path, *args: str, env: dict[str, str] | None = None, user: int | None = None) -> subprocess.CompletedProcess[str]:
    command = ["make", "--no-print-directory", *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    return subprocess.run(command, cwd=project, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=900)


@pytest.mark.release
def test_make_without_dpkg_uses_the_tools_that_are_there(tmp_path):
    project = project_copy(tmp_path / "book")
    path = path_without(tmp_path, "dpkg*", "apt*")
    assert shutil.which("dpkg-query", path=path) is None and shutil.which("xelatex", path=path)
    run = make(project, env={"PATH": path})
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    assert (project / "_build/html/index.html").is_file() and (project / "_build/typst/briefing.pdf").is_file()
    assert not re.search(r"Installing|npm ci|-m venv|dpkg-query|apt-get", run.stdout + run.stderr)


def test_make_without_dpkg_and_without_tex_sets_up_and_only_the_latex_pdf_lists_what_it_needs(tmp_path):
    project = project_copy(tmp_path / "book")
    path = path_without(tmp_path, "dpkg*", "apt*", "xelatex", "latexmk")
    run = make(project, "setup", env={"PATH": path})
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]  # `make` builds the Typst PDF: no TeX
    run = make(project, "setup-latex", env={"PATH": path})  # what `make latexpdf` and `make test` run first
    output = run.stdout + run.stderr
    assert run.returncode != 0 and "Traceback" not in output
    assert "These are needed and were not found:\n  - xelatex (the LaTeX PDF)\n  - latexmk\n" in output, output
    assert "Install them with your system's package manager so that they are on PATH, then run `make latexpdf`" in output


@pytest.fixture
def shared_tmp():
    """A folder another user can enter (pytest's own are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="briefing-nonroot-", dir="/var/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def open_to_all(path: Path) -> bool:
    """Can any user reach ``path``: is every folder on the way open to others?"""
    return all(os.stat(folder).st_mode & 0o001 for folder in path.parents)


def usable_by_all(project: Path) -> None:
    """Replace the copy's links into this tree by copies where another user cannot reach this tree (a clone in /root)."""
    if open_to_all(ROOT / "node_modules"):
        return
    for name in ("node_modules", "puppeteer-config.json", ".browsers"):
        link = project / name
        if link.is_symlink():
            link.unlink()
            if (ROOT / name).is_dir():  # copy2 keeps mtimes: node_modules/.installed stays newer than package.json
                shutil.copytree(ROOT / name, link, symlinks=True, copy_function=shutil.copy2)
            else:
                shutil.copy2(ROOT / name, link)


def venv_for(user: int, project: Path) -> None:
    """The project's .venv, usable by ``user``: a link to this tree's where it and its interpreter are open to all,
    else one of its own (a tree in /root, or a root-only pyenv interpreter, as on our machines)."""
    (project / ".venv").unlink()
    if open_to_all((ROOT / ".venv/bin/python3").resolve()) and open_to_all(ROOT / ".venv"):
        (project / ".venv").symlink_to(ROOT / ".venv")
        return
    venv = project / ".venv"
    if open_to_all((ROOT / ".venv/bin/python3").resolve()):  # a tree in /root: a copy, its scripts pointed at it
        shutil.copytree(ROOT / ".venv", venv, symlinks=True, copy_function=shutil.copy2)  # copy2: the stamp stays newer
        for script in (venv / "bin").iterdir():
            head = script.read_bytes()[:200] if script.is_file() and not script.is_symlink() else b""
            if head.startswith(b"#!" + str(ROOT / ".venv").encode()):
                stat = script.stat()
                script.write_bytes(script.read_bytes().replace(str(ROOT / ".venv").encode(), str(venv).encode(), 1))
                os.utime(script, (stat.st_atime, stat.st_mtime))
        for editable in venv.glob("lib/python*/site-packages/__editable__*briefing*"):  # the package: the copy's own
            editable.write_text(editable.read_text(encoding="utf-8").replace(str(ROOT / "briefing"), str(project / "briefing")),
                                encoding="utf-8")
        return
    # a root-only pyenv interpreter: one installed for this tree as `make` would, with Debian's python3
    subprocess.run(["/usr/bin/python3", "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin/pip"), "install", "--quiet", "--disable-pip-version-check", "-r",
                    str(project / "requirements.txt")], cwd=project, check=True, capture_output=True, timeout=900)  # -e .
    (venv / ".installed").touch()


@pytest.mark.release
def test_make_as_a_normal_user_where_everything_is_installed(shared_tmp):
    project = project_copy(shared_tmp / "book")
    usable_by_all(project)
    venv_for(NOBODY, project)
    home = shared_tmp / "home"
    home.mkdir()
    subprocess.run(["chown", "-R", "-h", f"{NOBODY}:{NOBODY}", str(project), str(home)], check=True)
    run = make(project, env={"HOME": str(home)}, user=NOBODY)
    assert run.returncode == 0, (run.stdout + run.stderr)[-3000:]
    assert (project / "_build/html/index.html").stat().st_uid == NOBODY
    assert (project / "_build/html/briefing.pdf").is_file()


def test_make_as_a_normal_user_with_packages_missing_prints_the_command_to_run(shared_tmp):
    project = project_copy(shared_tmp / "book")
    fake = shared_tmp / "fake-bin"
    fake.mkdir()
    (fake / "dpkg-query").write_text("#!/bin/sh\necho 'unknown ok not-installed'\n")  # a Debian with none of the packages
    (fake / "dpkg-query").chmod(0o755)
    run = make(project, "system", env={"PATH": f"{fake}:{os.environ['PATH']}"}, user=NOBODY)
    output = run.stdout + run.stderr
    assert run.returncode != 0 and "Traceback" not in output
    assert "Run this as root (with sudo, or in `su -`), then run `make` again:" in output, output
    command = re.search(r"^  apt-get update && apt-get install -y --no-install-recommends (.+)$", output, re.M)
    assert command, output
    assert {"chromium", "chromium-headless-shell", "libatomic1"} <= set(command.group(1).split())
    assert "libnss3" not in command.group(1)  # Ubuntu's names for the headless shell's libraries are not Debian's
    assert "latexmk" not in command.group(1) and "texlive" not in command.group(1), "make needs no TeX"
    run = subprocess.run(["python3", "tools/setup_system.py", "--latex"], cwd=project, capture_output=True, text=True,
                         env={**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"}, user=NOBODY, group=NOBODY, timeout=60)
    output = run.stdout + run.stderr  # what `make latexpdf` (and `make test`) run after make's set-up: TeX Live alone
    assert run.returncode != 0 and "then run `make latexpdf` (or `make test`) again:" in output, output
    command = re.search(r"^  apt-get update && apt-get install -y --no-install-recommends (.+)$", output, re.M)
    import setup_system
    assert command and command.group(1).split() == setup_system.LATEX_PACKAGES, output


# -- Node and npm ----------------------------------------------------------------------------

ENGINES = """
const lock = require(process.argv[1] + "/package-lock.json");
const semver = require(process.argv[1] + "/node_modules/semver");
const npm = process.argv[2];
for (const [path, meta] of Object.entries(lock.packages)) {
  const want = meta.engines || {};
  if ((want.node && !semver.satisfies(process.versions.node, want.node)) || (want.npm && !semver.satisfies(npm, want.npm)))
    console.log(path.replace(/^.*node_modules\\//, ""));
}
"""


def test_every_engine_warning_of_this_node_and_npm_is_explained_in_developing_md():
    npm = subprocess.run(["npm", "--version"], capture_output=True, text=True, check=True).stdout.strip()
    run = subprocess.run(["node", "-e", ENGINES, str(ROOT), npm], capture_output=True, text=True, check=True)
    unsatisfied = set(run.stdout.split())
    developing = (ROOT / "DEVELOPING.md").read_text(encoding="utf-8")
    section = developing[developing.index("**Node and npm.**"):].split("\n\n")[0]
    unexplained = sorted(p for p in unsatisfied if f"`{p}`" not in section)
    assert not unexplained, f"packages this Node/npm does not satisfy, not explained in DEVELOPING.md: {unexplained}"
    assert "lighthouse" not in unsatisfied  # Lighthouse itself accepts this Node


# -- what make says on platforms we cannot run here ----------------------------------------------

def test_macos_gets_the_exact_brew_and_tlmgr_commands(capsys):
    import setup_system
    missing = [n for n in setup_system.needs() if n.what.startswith(("xelatex", "latexmk", "pdftotext", "node", "font Liberation"))]
    missing = [setup_system.Need(n.what, False, n.debian, n.brew) for n in missing]
    assert setup_system.report_missing(missing, "macos") == 1
    out = capsys.readouterr().out
    assert "  brew install --cask basictex" in out
    assert "  sudo tlmgr update --self && sudo tlmgr install latexmk collection-xetex" in out
    for command in ("brew install poppler", "brew install node@20", "brew install --cask font-liberation"):
        assert f"\n  {command}\n" in out, out
    assert "apt-get" not in out


def test_other_systems_get_the_list_of_what_must_be_present(capsys):
    import setup_system
    missing = [setup_system.Need("xelatex (the LaTeX PDF)", False, "texlive-xetex", "")]
    assert setup_system.report_missing(missing, "other") == 1
    out = capsys.readouterr().out
    assert "  - xelatex (the LaTeX PDF)\n" in out and "so that they are on PATH" in out and "brew" not in out
