"""One headless Chromium that lays out Mermaid diagrams, driven straight over the DevTools pipe.

Used by ``diagrams.py``: :class:`Renderer` starts a headless Chromium at once (the switches come from
``puppeteer-config.json``, which mermaid-cli reads too; the executable is the one ``browser_finder``
finds: ``$BRIEFING_BROWSER``, the config's ``executablePath`` -- Debian's ``chromium-headless-shell`` --,
then PATH, Playwright's and Puppeteer's caches, the macOS applications)
and, while Sphinx goes on reading, opens ``render_diagrams.html`` — a file:// page that imports
Mermaid's ES module build from node_modules, so only the code of the diagram types in use is
loaded.  :meth:`Renderer.render` queues diagrams — as soon as their page is read — and
:meth:`Renderer.end_batch` says there are no more; each diagram is laid out in that one page
(``layOut``), written as SVG, and printed to a one-page vector PDF by a second page while the
next diagram is laid out.  :meth:`Renderer.results` waits for the batch.

Why the DevTools protocol over a pipe rather than Node and puppeteer: the browser is up before
Node would have finished importing puppeteer, which on a clean build is the renderer's whole
head start; and a pipe needs no network, not even loopback.

Every step has a time limit: a diagram Mermaid does not finish laying out is reported as such
(and the next one gets a fresh page), and a browser that stops answering fails the build
instead of stalling it.  The browser runs in a process group of its own, so that it can be
stopped whole; it is stopped and its profile removed when the build ends, by an error or Ctrl-C
too (and if Sphinx itself is killed, the browser exits as its pipe closes).
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import fcntl
import itertools
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .browser_finder import find_browser

PAGE = Path(__file__).with_name("render_diagrams.html")
SOURCES = (PAGE, Path(__file__))  # the renderer: any change to its code renders every diagram again
TIMEOUT = 60  # seconds for any one step, laying out one diagram included
# The switches puppeteer would add (mermaid-cli's renderings and ours stay alike), and the pipe.
SWITCHES = ["--headless", "--hide-scrollbars", "--mute-audio", "--disable-extensions", "--force-color-profile=srgb",
            "--export-tagged-pdf", "--disable-dev-shm-usage", "--disable-breakpad", "--disable-default-apps",
            "--remote-debugging-pipe", "--allow-file-access-from-files"]  # the page imports Mermaid over file://


@dataclass(frozen=True)
class Job:
    key: str
    code: str
    svg: Path
    pdf: Path | None  # None: the SVG only (a text-label variant, for the Typst PDF)


@dataclass(frozen=True)
class Result:
    key: str
    error: str | None  # why the diagram did not render: Mermaid's own message, as a rule


def settings(config: Path) -> dict[str, Any]:
    """The browser's settings in ``config`` (puppeteer's format); OSError if there are none."""
    try:
        found = json.loads(config.read_text(encoding="utf-8"))
    except ValueError as err:
        raise OSError(f"{config} is not valid JSON: {err}") from err
    if not isinstance(found, dict):
        raise OSError(f"{config} is not a JSON object")
    return {**found, "executablePath": find_browser(found.get("executablePath"), project=config.parent)}


def browser_version(config: Path) -> str:
    """The browser's ``--version`` (part of every cache key), or "none" if it cannot run."""
    try:
        run = subprocess.run([settings(config)["executablePath"], "--version"], capture_output=True, text=True,
                             timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        return "none"  # reported when the browser is started
    return run.stdout.strip()


class DevTools:
    """The Chrome DevTools protocol over ``--remote-debugging-pipe``: JSON messages ending in NUL."""

    def __init__(self, commands: int, replies: int) -> None:
        self.commands = commands
        self.ids = itertools.count(1)
        self.calls: dict[int, Future[dict[str, Any]]] = {}
        self.waiters: dict[tuple[str | None, str], Future[dict[str, Any]]] = {}
        self.lock = threading.Lock()
        threading.Thread(target=self.read, args=(replies,), daemon=True).start()

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> Future[dict[str, Any]]:
        future: Future[dict[str, Any]] = Future()
        with self.lock:
            call = next(self.ids)
            self.calls[call] = future
            message = {"id": call, "method": method, "params": params or {}, **({"sessionId": session} if session else {})}
            data = memoryview(json.dumps(message).encode() + b"\0")
            while data:
                data = data[os.write(self.commands, data):]
        return future

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        return self.send(method, params, session).result(TIMEOUT)

    def event(self, method: str, session: str) -> Future[dict[str, Any]]:
        """The next ``method`` event of ``session``; ask before causing it."""
        future: Future[dict[str, Any]] = Future()
        with self.lock:
            self.waiters[(session, method)] = future
        return future

    def read(self, replies: int) -> None:
        try:
            with os.fdopen(replies, "rb", buffering=0) as pipe:
                buffer = bytearray()
                while chunk := pipe.read(1 << 16):
                    scanned = len(buffer)
                    buffer += chunk
                    while (end := buffer.find(b"\0", scanned)) >= 0:
                        self.dispatch(json.loads(buffer[:end]))
                        del buffer[:end + 1]
                        scanned = 0
        finally:  # the browser is gone (or talks nonsense): nothing still waiting will be answered
            with self.lock:
                for future in [*self.calls.values(), *self.waiters.values()]:
                    future.set_exception(ConnectionError("the browser closed the DevTools pipe"))
                self.calls.clear()
                self.waiters.clear()

    def dispatch(self, message: dict[str, Any]) -> None:
        with self.lock:
            future = (self.calls.pop(message["id"], None) if "id" in message
                      else self.waiters.pop((message.get("sessionId"), message.get("method", "")), None))
        if future is None:
            return
        if "error" in message:
            future.set_exception(RuntimeError(message["error"].get("message", "DevTools error")))
        else:
            future.set_result(message.get("result", message.get("params", {})))


class Renderer:
    """One browser for one build: started at once, given one batch, closed after it."""

    def __init__(self, config: Path, launch_log: Path, mermaid: Path) -> None:
        """``config``: puppeteer's settings; ``mermaid``: Mermaid's ES module build (``mermaid.esm.min.mjs``)."""
        browser = settings(config)
        self.page = f"{PAGE.as_uri()}?{urllib.parse.urlencode({'mermaid': mermaid.as_uri()})}"
        self.owner = os.getpid()  # a forked Sphinx worker must leave the browser alone
        self.profile = tempfile.mkdtemp(prefix="diagram-browser-")
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 -- the browser's own messages, shown if it fails; closed in cleanup()
        commands_r, commands_w = os.pipe()
        replies_r, replies_w = os.pipe()

        def pipe_fds() -> None:  # in the child: the browser reads commands on fd 3, writes replies on fd 4
            commands, replies = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands_r, replies_w))
            os.dup2(commands, 3)
            os.dup2(replies, 4)
            os.close(commands)
            os.close(replies)

        try:  # pass_fds keeps fds 3 and 4 (open here: the pipes just made took the lowest free numbers)
            self.process = subprocess.Popen(
                [browser["executablePath"], *SWITCHES, *browser.get("args", []), f"--user-data-dir={self.profile}",
                 "about:blank"],
                stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log, preexec_fn=pipe_fds, pass_fds=(3, 4),
                start_new_session=True)
        except OSError:
            for fd in (commands_w, replies_r):
                os.close(fd)
            self.cleanup()
            raise
        finally:
            os.close(commands_r)
            os.close(replies_w)
        atexit.register(self.close)  # a build that ends before build-finished (an unknown builder, Ctrl-C)
        with launch_log.open("a", encoding="utf-8") as log:
            log.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} browser launch\n")
        self.devtools = DevTools(commands_w, replies_r)
        self.jobs: queue.Queue[Job | None] = queue.Queue()  # None: the batch is complete
        self.queued: set[str] = set()
        self.done: Future[list[Result]] = Future()
        self.worker = threading.Thread(target=self.run, daemon=True)
        self.worker.start()

    def render(self, *jobs: Job) -> None:
        """Queue diagrams for the batch (each at most once); the browser starts on them at once."""
        for job in jobs:
            if job.key not in self.queued:
                self.queued.add(job.key)
                self.jobs.put(job)

    def end_batch(self) -> None:
        self.jobs.put(None)

    def results(self) -> list[Result]:
        """Wait for the batch, then close the browser; RuntimeError with its last words if it failed."""
        if os.getpid() != self.owner:
            raise RuntimeError("the diagram browser belongs to the main Sphinx process")
        try:
            return self.done.result()  # every step of the worker has a time limit
        except Exception as err:
            self.log.seek(0)
            last_words = self.log.read().decode(errors="replace").strip()[-600:]
            raise RuntimeError(f"{type(err).__name__}: {err} {last_words}".strip()) from err
        finally:
            self.close()

    def close(self) -> None:
        """Close the browser (however far it got), wait for it and remove its profile."""
        atexit.unregister(self.close)
        if os.getpid() != self.owner or self.log.closed:
            return
        with contextlib.suppress(OSError):  # unless it is gone already
            self.devtools.send("Browser.close")
        self.end_batch()
        try:
            self.process.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the whole group: the browser and its helpers
            self.process.wait()
        self.worker.join(TIMEOUT)  # its last calls fail as the pipe closes; then the pipe can go
        with contextlib.suppress(OSError):
            os.close(self.devtools.commands)
        self.cleanup()

    def cleanup(self) -> None:
        shutil.rmtree(self.profile, ignore_errors=True)
        self.log.close()

    def open_page(self, url: str | None = None, isolated: bool = False) -> tuple[str, str]:
        """A new page (800×600, puppeteer's default viewport), at ``url`` once loaded: (target, session).

        ``isolated``: in a browsing context of its own, so in a renderer process of its own.
        """
        devtools, target = self.devtools, {"url": "about:blank"}
        if isolated:
            target["browserContextId"] = devtools.call("Target.createBrowserContext")["browserContextId"]
        target_id = devtools.call("Target.createTarget", target)["targetId"]
        session = devtools.call("Target.attachToTarget", {"targetId": target_id, "flatten": True})["sessionId"]
        devtools.call("Emulation.setDeviceMetricsOverride",
                      {"width": 800, "height": 600, "deviceScaleFactor": 1, "mobile": False}, session)
        if url:
            devtools.call("Page.enable", {}, session)
            loaded = devtools.event("Page.loadEventFired", session)
            devtools.call("Page.navigate", {"url": url}, session)
            loaded.result(TIMEOUT)
        return target_id, session

    def evaluate(self, session: str, function: str, *args: Any) -> Any:
        reply = self.devtools.call("Runtime.evaluate", {
            "expression": f"({function})(...{json.dumps(args)})", "awaitPromise": True, "returnByValue": True}, session)
        if "exceptionDetails" in reply:
            raise RuntimeError(reply["exceptionDetails"].get("exception", {}).get("description", "script error"))
        return reply["result"].get("value")

    def run(self) -> None:
        printer = ThreadPoolExecutor(1)
        outcome: list[Result] | Exception
        try:
            (layout_target, layout), (_, print_page) = self.open_page(self.page), self.open_page()
            results, prints = [], []
            while job := self.jobs.get():  # each diagram as Sphinx hands it over
                try:
                    laid_out = self.evaluate(layout, "layOut", job.code, f"mermaid-{job.key}")
                except TimeoutError:
                    laid_out = {"error": f"Mermaid did not finish laying it out in {TIMEOUT} s"}
                    self.devtools.send("Target.closeTarget", {"targetId": layout_target})
                    layout_target, layout = self.open_page(self.page, isolated=True)  # not the stuck process
                results.append(Result(job.key, laid_out.get("error")))
                if "svg" in laid_out and job.pdf is None:
                    write_atomically(job.svg, laid_out["svg"].encode())
                elif "svg" in laid_out:
                    prints.append(printer.submit(self.print_pdf, print_page, job, laid_out["svg"]))
            for printed in prints:
                printed.result()
            outcome = results
        except Exception as err:
            outcome = err
        finally:
            printer.shutdown(wait=False, cancel_futures=True)
            with contextlib.suppress(OSError):  # unless it is gone already
                self.devtools.send("Browser.close")
        if isinstance(outcome, Exception):
            self.done.set_exception(outcome)
        else:
            self.done.set_result(outcome)

    def print_pdf(self, session: str, job: Job, svg: str) -> None:
        """Write the SVG, and the SVG as a vector PDF page of its own size."""
        width, height = self.evaluate(session, """(svg) => {
            document.open();
            document.write(`<!DOCTYPE html><html><body style="margin:0">${svg}</body></html>`);
            document.close();
            const element = document.querySelector("svg"), viewBox = element.viewBox.baseVal;
            element.setAttribute("width", viewBox.width);  // its natural size, not the 800 px page's width
            element.setAttribute("height", viewBox.height);
            element.style.maxWidth = "none";
            const box = element.getBoundingClientRect();
            return [Math.ceil(box.width), Math.ceil(box.height)];
        }""", without_links(svg))
        pdf = self.devtools.call("Page.printToPDF", {
            "paperWidth": width / 96, "paperHeight": height / 96, "printBackground": True, "pageRanges": "1-1",
            "marginTop": 0, "marginBottom": 0, "marginLeft": 0, "marginRight": 0,
            "preferCSSPageSize": False, "generateTaggedPDF": True}, session)
        write_atomically(job.pdf, base64.b64decode(pdf["data"]))
        write_atomically(job.svg, svg.encode())


def without_links(svg: str) -> str:
    """Links are for the web: in print each <a> becomes a plain <g>, keeping its transform."""
    def group(link: re.Match[str]) -> str:
        transform = re.search(r'\stransform="[^"]*"', link.group(0))
        return f"<g{transform.group(0) if transform else ''}>"
    return re.sub(r"<a\b[^>]*>", group, svg).replace("</a>", "</g>")


def write_atomically(path: Path, data: bytes) -> None:
    part = path.with_name(path.name + ".part")
    part.write_bytes(data)
    part.replace(path)  # never a half-written file in the cache
