"""Shared fixtures: the site built once per test session, a loopback server, and Chromium.

Why here: building the site (jieba segmentation, the wheel, Pyodide files) takes a while, so the
site tests, the tool tests and the Pyodide test share one build of each flavour (root and
sub-path). Browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright; when it
is missing they fail with a message that says how to install it (scripts/test installs it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent

# Hypothesis: CI (CI=true, as .ci/run is started) is deterministic, keeps no example database and
# prints how to reproduce a failure; a local run draws fresh random examples every time, so
# running the fast suite again and again explores more (`--hypothesis-seed=N` replays one run).
# No deadline in either: this is a shared 2-core machine, and timing is the benchmark's job.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    print_blob=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

#: The date every test build runs at, so what a page says about time-bound facts (a window that
#: has closed, a fact due for a re-check) does not change with the calendar under the tests.
TODAY = "2026-12-01"
sys.path.insert(0, str(ROOT / "scripts"))

import static_server  # noqa: E402  (scripts/static_server.py)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
SUBPATH = "/xieshang-guide/"


def build_site(out: Path, site_url: str | None = None, today: str = TODAY) -> Path:
    """Run scripts/build into ``out`` (optionally for a sub-path ``site_url``) as on ``today``;
    fail with its output."""
    env = {**os.environ, "GUIDE_TODAY": today}
    if site_url:
        env["SITE_URL"] = site_url
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts" / "build"), str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if proc.returncode != 0:
        pytest.fail(
            f"scripts/build failed ({proc.returncode}):\n{proc.stdout[-4000:]}\n{proc.stderr[-8000:]}"
        )
    (out.parent / "build.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built for the root path, into a temporary folder."""
    return build_site(tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def built_site_subpath(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built for a GitHub-project-pages style sub-path (served under SUBPATH)."""
    return build_site(tmp_path_factory.mktemp("site-sub") / "site", f"http://127.0.0.1{SUBPATH}")


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """Base URL (ending in /) of the root build served on loopback."""
    server, base = static_server.serve(built_site)
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def site_url_subpath(built_site_subpath: Path):
    """Base URL (ending in SUBPATH) of the sub-path build, served only under SUBPATH."""
    server, base = static_server.serve(built_site_subpath, prefix=SUBPATH)
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download: executable_path is fixed)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run scripts/setup --browser (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        b.new_context = patient(b.new_context)
        yield b
        b.close()


#: How long any Playwright wait or action may take before it fails (ms). Playwright's own default
#: (30 s) is the time a busy shared 2-core machine can take to boot the engine or derive a
#: passphrase's key, so a slow run would fail a test that waits for the right thing; this only
#: makes a test that is going to fail anyway fail later.
PATIENCE = 180_000


def patient(new_context):
    """``browser.new_context`` whose contexts wait PATIENCE by default (every context a test
    makes, through new_page or directly)."""

    def make(**kwargs):
        ctx = new_context(**kwargs)
        ctx.set_default_timeout(PATIENCE)
        ctx.set_default_navigation_timeout(PATIENCE)
        return ctx

    return make


class PageWatch:
    """Records every request and every console error of a page, for same-origin/no-error checks."""

    def __init__(self, page, origin: str) -> None:
        self.page = page
        self.origin = origin
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))

    def foreign_requests(self) -> list[str]:
        return [
            u
            for u in self.requests
            if not (u.startswith(self.origin) or u.startswith("data:") or u.startswith("blob:"))
        ]


@pytest.fixture
def new_page(browser):
    """Factory: new_page(base_url, width=1280, height=900) -> (page, PageWatch); contexts closed after."""
    contexts = []

    def make(base_url: str, width: int = 1280, height: int = 900):
        ctx = browser.new_context(
            viewport={"width": width, "height": height}, service_workers="block"
        )
        contexts.append(ctx)
        page = ctx.new_page()
        origin = "/".join(base_url.split("/")[:3])
        return page, PageWatch(page, origin)

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots and other test artifacts (kept after the run, ignored by git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def have_node() -> bool:
    return shutil.which("node") is not None
