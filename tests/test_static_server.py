"""scripts/static_server.py in its GitHub-Pages mode (``pages=True``): compression, caching and
revalidation as GitHub Pages sends them, so the benchmark measures what a reader downloads."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import static_server

FILES = {
    "index.html": b"<!doctype html><title>home</title>" + "首页".encode() * 200,
    "404.html": b"<!doctype html><title>not found</title>",
    "a/index.html": b"<!doctype html><title>a</title>",
    "x/app.js": b"export const x = 1;\n" * 100,
    "x/style.css": b"body { color: red }\n" * 100,
    "x/data.json": b'{"a": 1}',
    "x/runtime.wasm": b"\0asm\1\0\0\0" + b"\0" * 4000,
    "x/stdlib.zip": b"PK\3\4" + b"\0" * 4000,
    "x/stdlib.zip.gz": gzip.compress(b"PK\3\4" + b"\0" * 4000, mtime=0),
    "x/logo.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pages-site")
    for name, data in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


@pytest.fixture(scope="module")
def base(site: Path):
    server, url = static_server.serve(site, pages=True)
    yield url
    server.shutdown()


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.mark.parametrize(
    ("path", "ctype", "compressed"),
    [
        ("index.html", "text/html; charset=utf-8", True),
        ("x/app.js", "text/javascript", True),
        ("x/style.css", "text/css", True),
        ("x/data.json", "application/json", True),
        ("x/runtime.wasm", "application/wasm", True),
        ("x/logo.svg", "image/svg+xml", True),
        ("x/stdlib.zip", "application/zip", False),
        # a .gz file is sent as it is (the worker decompresses it), never gzipped twice
        ("x/stdlib.zip.gz", "application/gzip", False),
    ],
)
def test_text_and_wasm_are_gzipped_for_a_browser_that_accepts_it(base, path, ctype, compressed):
    status, headers, body = get(base + path, **{"Accept-Encoding": "gzip, deflate, br"})
    assert (status, headers["Content-Type"], headers.get("Content-Encoding")) == (
        200,
        ctype,
        "gzip" if compressed else None,
    )
    assert (gzip.decompress(body) if compressed else body) == FILES[path]
    assert int(headers["Content-Length"]) == len(body)


def test_nothing_is_compressed_for_a_client_that_does_not_ask(base):
    status, headers, body = get(base + "x/app.js")
    assert (status, headers.get("Content-Encoding"), body) == (200, None, FILES["x/app.js"])


@pytest.mark.parametrize("encoding", ["gzip", ""])
def test_every_response_carries_the_pages_cache_policy_and_an_etag(base, encoding):
    _, headers, _ = get(base + "x/app.js", **{"Accept-Encoding": encoding})
    assert headers["Cache-Control"] == "max-age=600"
    assert headers["ETag"].startswith('"') and headers["ETag"].endswith('"')
    assert headers["Vary"] == "Accept-Encoding"


def test_the_compressed_and_the_plain_body_have_different_etags(base):
    gz = get(base + "x/app.js", **{"Accept-Encoding": "gzip"})[1]["ETag"]
    plain = get(base + "x/app.js")[1]["ETag"]
    assert gz != plain


@pytest.mark.parametrize(
    ("if_none_match", "status"),
    [("{etag}", 304), ("W/{etag}", 304), ('"other", {etag}', 304), ('"other"', 200), ("", 200)],
)
def test_revalidation_with_the_current_etag_is_an_empty_304(base, if_none_match, status):
    etag = get(base + "x/style.css", **{"Accept-Encoding": "gzip"})[1]["ETag"]
    headers = {"Accept-Encoding": "gzip"}
    if if_none_match:
        headers["If-None-Match"] = if_none_match.format(etag=etag)
    got_status, got_headers, body = get(base + "x/style.css", **headers)
    assert (got_status, got_headers["ETag"], got_headers["Cache-Control"]) == (
        status,
        etag,
        "max-age=600",
    )
    assert (body == b"") == (status == 304)


def test_a_changed_file_gets_a_new_etag(tmp_path: Path):
    (tmp_path / "f.js").write_text("let a = 1;\n", encoding="utf-8")
    server, url = static_server.serve(tmp_path, pages=True)
    try:
        first = get(url + "f.js")[1]["ETag"]
        (tmp_path / "f.js").write_text("let a = 22;\n", encoding="utf-8")
        status, headers, body = get(url + "f.js", **{"If-None-Match": first})
    finally:
        server.shutdown()
    assert (status, body) == (200, b"let a = 22;\n") and headers["ETag"] != first


@pytest.mark.parametrize(
    ("path", "status", "body_or_location"),
    [
        ("a/", 200, FILES["a/index.html"]),
        ("a", 301, "/a/"),
        ("a?q=1", 301, "/a/?q=1"),
        ("nope/", 404, FILES["404.html"]),
        ("x/nope.js", 404, FILES["404.html"]),
    ],
)
def test_folders_redirects_and_missing_files_as_on_pages(base, path, status, body_or_location):
    opener = urllib.request.build_opener(NoRedirect)
    try:
        r = opener.open(base + path)
        got = (r.status, r.read())
    except urllib.error.HTTPError as err:
        got = (err.code, err.headers["Location"] if err.code == 301 else err.read())
    assert got == (status, body_or_location)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_the_default_mode_is_unchanged_plain_files(site: Path):
    server, url = static_server.serve(site)
    try:
        status, headers, body = get(url + "x/app.js", **{"Accept-Encoding": "gzip"})
    finally:
        server.shutdown()
    assert (status, headers.get("Content-Encoding"), "ETag" in headers, body) == (
        200,
        None,
        False,
        FILES["x/app.js"],
    )
