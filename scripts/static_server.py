"""A tiny static file server for the built site, bound to loopback only.

Why not ``python -m http.server``: it guesses MIME types from the platform, and Python 3.11 does not
know ``.mjs``; browsers refuse a module script or a module worker served as anything but
JavaScript, and stream-compile WebAssembly only when it is served as ``application/wasm``.
Used by scripts/serve, the browser tests and scripts/bench.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".txt": "text/plain; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css",
    ".xml": "application/xml",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


def serve(
    directory: Path, port: int = 0, prefix: str = ""
) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start serving ``directory`` in a daemon thread; return the server and its base URL.

    With ``prefix`` (e.g. ``"/repo/"``) the site is served under that sub-path only, as GitHub
    project pages do, so a test can prove that no asset escapes the sub-path.
    """
    root = Path(directory).resolve()
    if prefix:
        # Serve a parent folder in which the site sits at the sub-path.
        import tempfile

        parent = Path(tempfile.mkdtemp(prefix="site-subpath-"))
        target = parent / prefix.strip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(root, target_is_directory=True)
        root = parent
    handler = functools.partial(Handler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{prefix or '/'}"
    return server, base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--prefix", default="", help="serve under a sub-path such as /repo/")
    args = parser.parse_args()
    server, base = serve(args.directory, args.port, args.prefix)
    print(f"协商指南: serving {args.directory} at {base}  (Ctrl+C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
