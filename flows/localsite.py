"""A static site served from 127.0.0.1 for the demo, the tests and the devset evaluation.

Files are served as they are, except that the token ``__BASE_URL__`` in HTML and XML files is
replaced by the server's own base URL, so feeds and canonical links point back at it.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

BASE_URL_TOKEN = "__BASE_URL__"
TEMPLATED_SUFFIXES = (".html", ".htm", ".xml", ".txt")

# A page source answers a path with (status, content type, body bytes), or None for 404.
PageSource = Callable[[str], "tuple[int, str, bytes] | None"]


def directory_source(root: Path) -> PageSource:
    root = root.resolve()

    def lookup(path: str) -> tuple[int, str, bytes] | None:
        relative = path.lstrip("/") or "index.html"
        candidate = (root / relative).resolve()
        if root not in candidate.parents and candidate != root:
            return None  # no escaping the site's folder
        if candidate.is_dir():
            candidate = candidate / "index.html"
        if not candidate.is_file():
            return None
        content_type = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
        if candidate.suffix == ".xml":
            content_type = "application/xml"
        if content_type.startswith("text/") or content_type.endswith("xml"):
            content_type += "; charset=utf-8"
        return 200, content_type, candidate.read_bytes()

    return lookup


def mapping_source(pages: Mapping[str, tuple[str, bytes]]) -> PageSource:
    """Serve `{"/path": (content_type, body)}` from memory."""

    def lookup(path: str) -> tuple[int, str, bytes] | None:
        found = pages.get(path)
        return None if found is None else (200, found[0], found[1])

    return lookup


class _Handler(BaseHTTPRequestHandler):
    source: PageSource
    base_url: str

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = urlsplit(self.path).path
        found = self.source(path)
        if found is None:
            self._respond(404, "text/plain; charset=utf-8", b"not found")
            return
        status, content_type, body = found
        if path.endswith(TEMPLATED_SUFFIXES) or path.endswith("/") or "html" in content_type:
            body = body.replace(BASE_URL_TOKEN.encode(), self.base_url.encode())
        # Validators as real web servers send them, so conditional GETs (and what a 304 hides) are
        # exercised by the demo and the tests, not only in production.
        etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self._respond(304, content_type, b"", etag)
            return
        self._respond(status, content_type, body, etag)

    def _respond(self, status: int, content_type: str, body: bytes, etag: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if etag is not None:
            self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet server
        return


@contextmanager
def serve(source: PageSource, port: int = 0, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve `source` on host:port (0 = any free port) in a thread; yields the base URL."""
    handler = type("LocalSiteHandler", (_Handler,), {"source": staticmethod(source)})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    handler.base_url = f"http://{host}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="tradewire-localsite", daemon=True)
    thread.start()
    try:
        yield handler.base_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def serve_preferring(source: PageSource, preferred_port: int, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve on `preferred_port` when it is free (stable URLs across demo runs), else any free port."""
    try:
        context = serve(source, preferred_port, host)
        base_url = context.__enter__()
    except OSError:
        with serve(source, 0, host) as base_url:
            yield base_url
        return
    try:
        yield base_url
    finally:
        context.__exit__(None, None, None)
