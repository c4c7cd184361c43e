"""Serve a built site on loopback the way a static host does: gzip'd text, correct types, no caching tricks.

Used by `make audit` (Lighthouse) and by the browser tests.  Only loopback, never another interface.

    with serve(Path("_build/html")) as base_url:
        ...  # base_url is "http://127.0.0.1:PORT/"
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files; text types gzip-encoded when the client accepts it (as nginx's gzip_static does)."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".js": "application/javascript", ".svg": "image/svg+xml", ".woff2": "font/woff2",
                      ".json": "application/json", ".inv": "application/octet-stream", ".pdf": "application/pdf"}

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "") \
                or not ctype.startswith(COMPRESSIBLE):
            return super().send_head()  # binaries, redirects and 404s as the standard handler does them
        body = _gzipped(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args) -> None:  # quiet: the callers report what matters
        pass


@functools.lru_cache(maxsize=512)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (a free port) in a background thread; yield the base URL."""
    handler = functools.partial(GzipHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
