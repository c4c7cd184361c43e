"""The `briefing` command's own parts, without a build: the lock two builds share, `briefing doctor`, and the
one-line failures of a command run where there is no book."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from briefing import kit, lock

ROOT = Path(__file__).resolve().parent.parent.parent


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd,
                            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def test_a_second_build_waits_saying_so_in_one_line(tmp_path, monkeypatch):
    monkeypatch.delenv(lock.HELD, raising=False)
    held = lock.acquire(tmp_path / "_build")
    second = run("-m", "briefing.lock", str(tmp_path / "_build"), "--", sys.executable, "-c", "print('built')")
    time.sleep(1.5)
    assert second.poll() is None, "the second build went ahead while the first held the lock"
    held.close()
    out, err = second.communicate(timeout=30)
    assert second.returncode == 0 and out == "built\n"
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"briefing: another build of this book is running (pid {os.getpid()}: "), err
    assert err.rstrip().endswith("); waiting for it to finish…"), err


# `briefing` as a kit installed from a wheel runs it: no repository around the package, so no Mermaid of its own.
AS_A_WHEEL = ("import sys; from pathlib import Path; from briefing import kit; kit.CHECKOUT = Path(sys.argv[1]); "
              "from briefing.cli import main; sys.exit(main(sys.argv[2:]))")


def test_doctor_names_what_is_missing_and_the_one_command(tmp_path):
    bare = tmp_path / "bin"
    bare.mkdir()
    (bare / "python3").symlink_to(sys.executable)
    env = {"PATH": str(bare), "BRIEFING_HOME": str(tmp_path / "kit"), "BRIEFING_BROWSER": ""}
    doctor = run("-c", AS_A_WHEEL, str(tmp_path / "site-packages"), "doctor", env=env, cwd=tmp_path)
    out, err = doctor.communicate(timeout=60)
    assert doctor.returncode == 1 and "Traceback" not in err, err
    assert "  optional xelatex (the LaTeX PDF)" in out and f"  MISSING  Mermaid {kit.mermaid_version()}" in out, out
    lines = out.splitlines()
    command = lines[lines.index("Install what is missing with:") + 1]
    assert f"npm install --prefix {tmp_path / 'kit'} " in command and f"mermaid@{kit.mermaid_version()}" in command
    assert "texlive" not in command and "tlmgr" not in command, "TeX is only for the LaTeX PDF: not in the one command"
    assert lines[-2].startswith("Optional, for the LaTeX PDF alone (`briefing build latexpdf`"), out


def test_doctor_without_tex_lacks_nothing_and_gives_tex_s_command_as_optional(tmp_path, monkeypatch, capsys):
    """A machine with all a book needs but TeX: nothing missing (exit 0); TeX's packages, `make latexpdf`'s, shown apart."""
    from briefing import doctor

    system = doctor.setup_system()
    everything_but_tex = [system.Need(n.what, not n.latex, n.debian, n.brew, n.latex) for n in system.needs()]
    monkeypatch.setattr(system, "needs", lambda: everything_but_tex)
    monkeypatch.setattr(doctor, "setup_system", lambda: system)
    monkeypatch.setattr(doctor, "find_browser", lambda configured: "/usr/bin/chromium")
    monkeypatch.setattr(doctor, "platform_name", lambda: "debian")
    monkeypatch.setattr(doctor.os, "geteuid", lambda: 0)  # as root: the command without sudo
    install_mermaid(tmp_path / "node_modules")
    assert doctor.doctor(tmp_path) == 0
    out = capsys.readouterr().out
    assert "MISSING" not in out and "  optional xelatex (the LaTeX PDF)\n  optional latexmk\n" in out, out
    assert out.endswith("Nothing is missing: `briefing build` builds HTML, PDF and EPUB here.\n"
                        "Optional, for the LaTeX PDF alone (`briefing build latexpdf`; the PDF needs no TeX), install TeX with:\n"
                        "  apt-get update && apt-get install -y --no-install-recommends "
                        + " ".join(system.LATEX_PACKAGES) + "\n"), out


def test_a_command_outside_a_book_is_one_line(tmp_path):
    for command in ("build", "check", "sync", "anchors", "serve"):
        proc = run("-m", "briefing", command, cwd=tmp_path)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 2 and err.count("\n") == 1 and "Traceback" not in err, (command, err)
        assert err.startswith(f"briefing {command}: {tmp_path.resolve()}: not a briefing book"), err


def install_mermaid(node_modules: Path) -> None:
    (node_modules / "mermaid").mkdir(parents=True)
    (node_modules / "mermaid" / "package.json").write_text("{}", encoding="utf-8")


def test_the_kit_s_mermaid_is_used_when_the_book_has_none(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_HOME", str(tmp_path / "kit"))
    repository = tmp_path / "repository"  # the kit's, the package running from it: `make` there installs Mermaid
    repository.mkdir()
    (repository / "package.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(kit, "CHECKOUT", repository)
    book = tmp_path / "book"
    book.mkdir()
    assert kit.node_modules(book) == tmp_path / "kit" / "node_modules", "no Mermaid anywhere: where doctor installs it"
    install_mermaid(repository / "node_modules")
    assert kit.node_modules(book) == repository / "node_modules", "the kit's repository's, after its make"
    monkeypatch.setattr(kit, "CHECKOUT", tmp_path / "site-packages")  # a kit installed from a wheel
    assert kit.node_modules(book) == tmp_path / "kit" / "node_modules"
    install_mermaid(book / "node_modules")
    assert kit.node_modules(book) == book / "node_modules", "a book (this repository) with its own"
    assert kit.browser_config(tmp_path, "puppeteer-config.json") == kit.BROWSER_CONFIG


def test_a_latex_pdf_without_tex_is_one_line_naming_doctor(tmp_path):
    new = run("-m", "briefing", "new", str(ROOT / "tests/fixtures/bom-crlf.txt"), str(tmp_path / "book"))
    assert new.wait(timeout=60) == 0, new.communicate()
    bare = tmp_path / "bin"
    bare.mkdir()
    proc = run("-m", "briefing", "build", "latexpdf", env={"PATH": str(bare)}, cwd=tmp_path / "book")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and err.count("\n") == 1 and "`briefing doctor`" in err, err
    assert not (tmp_path / "book" / "_build").exists(), "nothing started"


def test_sync_updates_generated_pages_keeps_edited_ones_and_says_what_they_need(tmp_path, capsys):
    from briefing.sync import sync

    new = run("-m", "briefing", "new", str(ROOT / "tests/fixtures/bom-crlf.txt"), str(tmp_path / "book"))
    assert new.wait(timeout=60) == 0, new.communicate()
    book = tmp_path / "book"
    index = book / "docs/index.md"
    edited = index.read_text(encoding="utf-8").replace("About this briefing", "About this book")
    index.write_text(edited, encoding="utf-8")
    source = book / "docs/_data/op-ed.txt"  # corrected: ¶1 was two paragraphs
    source.write_bytes(source.read_bytes().replace(b" Today it has", b"\r\n\r\nToday it has"))
    assert sync(book) == 0
    out = capsys.readouterr().out.splitlines()
    assert index.read_text(encoding="utf-8") == edited
    assert "briefing sync: docs/sections/p4.md: added" in out and "briefing sync: docs/sections/p2.md: updated" in out
    assert "briefing sync: needs attention: docs/index.md: add sections/p4 to its toctree (a section page of the " \
           "corrected source)" in out, out
    assert sync(book) == 0 and "every generated page is up to date" in capsys.readouterr().out


def test_serve_on_a_port_in_use_is_one_line_before_any_build(tmp_path):
    new = run("-m", "briefing", "new", str(ROOT / "tests/fixtures/bom-crlf.txt"), str(tmp_path / "book"))
    assert new.wait(timeout=60) == 0, new.communicate()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = run("-m", "briefing", "serve", "--port", str(port), cwd=tmp_path / "book")
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and err == f"briefing serve: port {port} on 127.0.0.1 is in use (another server?): " \
                                          "give another with --port\n", err
    assert not (tmp_path / "book" / "_build").exists(), "nothing built"
