"""A tiny static file server for the built site, bound to loopback only.

Why not ``python -m http.server``: it guesses MIME types from the platform, and Python 3.11 does not
know ``.mjs``; browsers refuse a module script or a module worker served as anything but
JavaScript, and stream-compile WebAssembly only when it is served as ``application/wasm``.
Used by scripts/serve, the browser tests and scripts/bench.

``--pages`` (``serve(..., pages=True)``) serves the way GitHub Pages does, so a benchmark measures
what a reader gets: text files and ``.wasm`` gzip-compressed when the browser accepts it,
``Cache-Control: max-age=600`` on every file, and an ``ETag`` that turns a revalidation
(``If-None-Match``) into an empty ``304 Not Modified``. A missing file gets the site's 404.html.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import http.server
import io
import os
import threading
import urllib.parse
from http import HTTPStatus
from pathlib import Path

from scratch import scratch_dir

TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".gz": "application/gzip",
    ".txt": "text/plain; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css",
    ".xml": "application/xml",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


#: What GitHub Pages compresses: text formats and WebAssembly (not zip, whl, gz or images).
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/wasm",
    "application/xml",
    "image/svg+xml",
)
#: GitHub Pages' caching policy for every file.
CACHE_CONTROL = "max-age=600"


@functools.lru_cache(maxsize=256)
def _encoded(path: str, mtime_ns: int, size: int, compress: bool) -> tuple[bytes, str]:
    """The body to send and its ETag, cached per file version (mtime and size are the key)."""
    data = Path(path).read_bytes()
    if compress:
        data = gzip.compress(data, compresslevel=6, mtime=0)
    tag = hashlib.sha256(data).hexdigest()[:16]
    return data, f'"{tag}-gz"' if compress else f'"{tag}"'


def sent_size(path: Path) -> int:
    """How many bytes GitHub Pages sends for the file at ``path`` (its body, gzipped when its type
    is one it compresses): what the build tells a reader a download costs comes from here."""
    ctype = TYPES.get(path.suffix.lower(), "application/octet-stream")
    st = path.stat()
    return len(_encoded(str(path), st.st_mtime_ns, st.st_size, ctype.startswith(COMPRESSIBLE))[0])


class PagesHandler(Handler):
    """Serves like GitHub Pages: gzip, max-age=600, ETag and 304 (see the module docstring)."""

    def send_head(self):
        parts = urllib.parse.urlsplit(self.path)
        path = self.translate_path(self.path)
        status = HTTPStatus.OK
        if os.path.isdir(path):
            if not parts.path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header(
                    "Location", parts.path + "/" + (f"?{parts.query}" if parts.query else "")
                )
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            status = HTTPStatus.NOT_FOUND
            path = os.path.join(self.directory, "404.html")
            if not os.path.isfile(path):
                self.send_error(HTTPStatus.NOT_FOUND, "File not found")
                return None
        ctype = self.guess_type(path)
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        compress = accepts_gzip and ctype.startswith(COMPRESSIBLE)
        st = os.stat(path)
        body, etag = _encoded(path, st.st_mtime_ns, st.st_size, compress)
        if status == HTTPStatus.OK and etag in _etags(self.headers.get("If-None-Match", "")):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self._cache_headers(etag)
            self.end_headers()
            return None
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self._cache_headers(etag)
        self.end_headers()
        return io.BytesIO(body)

    def _cache_headers(self, etag: str) -> None:
        self.send_header("Cache-Control", CACHE_CONTROL)
        self.send_header("ETag", etag)
        self.send_header("Vary", "Accept-Encoding")


def _etags(header: str) -> set[str]:
    """The entity tags of an If-None-Match header (weak ones compare equal, as for a GET)."""
    return {t.strip().removeprefix("W/") for t in header.split(",") if t.strip()}


def serve(
    directory: Path, port: int = 0, prefix: str = "", pages: bool = False
) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start serving ``directory`` in a daemon thread; return the server and its base URL.

    With ``prefix`` (e.g. ``"/repo/"``) the site is served under that sub-path only, as GitHub
    project pages do, so a test can prove that no asset escapes the sub-path. With ``pages`` the
    responses are compressed and cached as GitHub Pages sends them.
    """
    root = Path(directory).resolve()
    if prefix:
        # Serve a parent folder in which the site sits at the sub-path (a link to it).
        parent = scratch_dir("site-subpath-")
        target = parent / prefix.strip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(root, target_is_directory=True)
        root = parent
    handler = functools.partial(PagesHandler if pages else Handler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{prefix or '/'}"
    return server, base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--prefix", default="", help="serve under a sub-path such as /repo/")
    parser.add_argument(
        "--pages", action="store_true", help="gzip, max-age=600 and ETag/304, as GitHub Pages"
    )
    args = parser.parse_args()
    server, base = serve(args.directory, args.port, args.prefix, args.pages)
    print(f"协商指南: serving {args.directory} at {base}  (Ctrl+C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
