"""One headless Chromium that lays out Mermaid diagrams, driven straight over the DevTools pipe.

Used by ``diagrams.py``: :class:`Renderer` starts Debian's ``chromium-headless-shell`` at once
(the executable and switches come from ``puppeteer-config.json``, which mermaid-cli reads too)
and, while Sphinx goes on reading, opens ``render_diagrams.html`` — a file:// page that imports
Mermaid's ES module build from node_modules, so only the code of the diagram types in use is
loaded.  :meth:`Renderer.render` hands over the batch; each diagram is laid out in that one page
(``layOut``), written as SVG, and printed to a one-page vector PDF by a second page while the
next diagram is laid out.  :meth:`Renderer.results` waits for the batch.

Why the DevTools protocol over a pipe rather than Node and puppeteer: the browser is up before
Node would have finished importing puppeteer, which on a clean build is the renderer's whole
head start; and a pipe needs no network, not even loopback.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import itertools
import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PAGE = Path(__file__).with_name("render_diagrams.html")
SOURCES = (PAGE, Path(__file__))  # the renderer: its code is part of every diagram's cache key
TIMEOUT = 120  # seconds for any one step; a browser that hangs fails the build instead of stalling it
# The switches puppeteer would add (mermaid-cli's renderings and ours stay alike), and the pipe.
SWITCHES = ["--headless", "--hide-scrollbars", "--mute-audio", "--disable-extensions", "--force-color-profile=srgb",
            "--export-tagged-pdf", "--disable-dev-shm-usage", "--disable-breakpad", "--disable-default-apps",
            "--remote-debugging-pipe", "--allow-file-access-from-files"]  # the page imports Mermaid over file://


@dataclass(frozen=True)
class Job:
    key: str
    code: str
    svg: Path
    pdf: Path


@dataclass(frozen=True)
class Result:
    key: str
    error: str | None  # Mermaid's message when it refused the diagram


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
        message = {"id": 0, "method": method, "params": params or {}, **({"sessionId": session} if session else {})}
        with self.lock:
            message["id"] = next(self.ids)
            self.calls[message["id"]] = future
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
        buffer = b""
        with os.fdopen(replies, "rb", buffering=0) as pipe:
            while chunk := pipe.read(1 << 16):
                *messages, buffer = (buffer + chunk).split(b"\0")
                for raw in messages:
                    message = json.loads(raw)
                    with self.lock:
                        future = (self.calls.pop(message["id"], None) if "id" in message
                                  else self.waiters.pop((message.get("sessionId"), message["method"]), None))
                    if future is None:
                        continue
                    if "error" in message:
                        future.set_exception(RuntimeError(f"{message['error'].get('message')}"))
                    else:
                        future.set_result(message.get("result", message.get("params", {})))
        with self.lock:  # the browser is gone: nothing still waiting will be answered
            for future in [*self.calls.values(), *self.waiters.values()]:
                future.set_exception(RuntimeError("the browser closed the DevTools pipe"))
            self.calls.clear()
            self.waiters.clear()


class Renderer:
    """One browser for one build: started at once, given one batch, closed after it."""

    def __init__(self, browser_config: Path, launch_log: Path) -> None:
        config = json.loads(browser_config.read_text(encoding="utf-8"))
        self.profile = tempfile.mkdtemp(prefix="diagram-browser-")
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 -- the browser's own messages, shown if it fails; closed in close()
        commands_r, commands_w = os.pipe()
        replies_r, replies_w = os.pipe()

        def pipe_fds() -> None:  # in the child: the browser reads commands on fd 3, writes replies on fd 4
            commands, replies = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands_r, replies_w))
            os.dup2(commands, 3)
            os.dup2(replies, 4)

        try:  # close_fds=False keeps fds 3 and 4 open across exec; Python's own descriptors are close-on-exec
            self.process = subprocess.Popen(
                [config["executablePath"], *SWITCHES, *config.get("args", []), f"--user-data-dir={self.profile}",
                 "about:blank"],
                stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log, preexec_fn=pipe_fds, close_fds=False)
        except OSError:
            for fd in (commands_w, replies_r):
                os.close(fd)
            self.cleanup()
            raise
        finally:
            os.close(commands_r)
            os.close(replies_w)
        with launch_log.open("a", encoding="utf-8") as log:
            log.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} browser launch\n")
        self.devtools = DevTools(commands_w, replies_r)
        self.jobs: queue.Queue[list[Job]] = queue.Queue()
        self.done: Future[list[Result]] = Future()
        threading.Thread(target=self.run, daemon=True).start()

    def render(self, jobs: list[Job]) -> None:
        self.jobs.put(jobs)

    def results(self) -> list[Result]:
        """Wait for the batch; raises RuntimeError with the browser's last words if it failed."""
        try:
            return self.done.result()
        except Exception as err:
            self.log.seek(0)
            last_words = self.log.read().decode(errors="replace").strip()[-600:]
            raise RuntimeError(f"{err} {last_words}".strip()) from err
        finally:
            self.close()

    def close(self) -> None:
        if self.process.poll() is None:
            self.jobs.put([])  # a browser never given a batch
            try:
                self.process.wait(TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        with contextlib.suppress(OSError):  # closed already
            os.close(self.devtools.commands)
        self.cleanup()

    def cleanup(self) -> None:
        shutil.rmtree(self.profile, ignore_errors=True)
        self.log.close()

    def open_page(self, url: str | None = None) -> str:
        """A new page (800×600, puppeteer's default viewport), at ``url`` once loaded; its session id."""
        devtools = self.devtools
        target = devtools.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = devtools.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        devtools.call("Emulation.setDeviceMetricsOverride",
                      {"width": 800, "height": 600, "deviceScaleFactor": 1, "mobile": False}, session)
        if url:
            devtools.call("Page.enable", {}, session)
            loaded = devtools.event("Page.loadEventFired", session)
            devtools.call("Page.navigate", {"url": url}, session)
            loaded.result(TIMEOUT)  # the page's module script (Mermaid) has run by its load event
        return session

    def evaluate(self, session: str, function: str, *args: Any) -> Any:
        reply = self.devtools.call("Runtime.evaluate", {
            "expression": f"({function})(...{json.dumps(args)})", "awaitPromise": True, "returnByValue": True}, session)
        if "exceptionDetails" in reply:
            raise RuntimeError(reply["exceptionDetails"].get("exception", {}).get("description", "script error"))
        return reply["result"].get("value")

    def run(self) -> None:
        try:
            with ThreadPoolExecutor(1) as printer_thread:
                layout = self.open_page(PAGE.as_uri())
                printer = self.open_page()
                results, prints = [], []
                for job in self.jobs.get(timeout=3600):  # waits for Sphinx to hand over the batch
                    laid_out = self.evaluate(layout, "layOut", job.code, f"mermaid-{job.key}")
                    results.append(Result(job.key, laid_out.get("error")))
                    if "svg" in laid_out:
                        prints.append(printer_thread.submit(self.print_pdf, printer, job, laid_out["svg"]))
                for printed in prints:
                    printed.result()
            self.done.set_result(results)
        except Exception as err:
            self.done.set_exception(err)
        finally:
            with contextlib.suppress(OSError):  # unless it is gone already
                self.devtools.send("Browser.close")

    def print_pdf(self, session: str, job: Job, svg: str) -> None:
        """Write the SVG, and the SVG as a vector PDF page of its own size."""
        width, height = self.evaluate(session, """(svg) => {
            document.open();
            document.write(`<!DOCTYPE html><html><body style="margin:0">${svg}</body></html>`);
            document.close();
            const box = document.querySelector("svg").getBoundingClientRect();
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
