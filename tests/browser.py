"""Drive Debian's chromium headless through Playwright, without ever downloading a browser.

``open_page(path)`` loads a local file in a fresh profile and records what a test needs to
check: console errors, page errors, and every request the page made.
"""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
VIEWPORT = {"width": 1100, "height": 900}


@dataclass
class PageLog:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every URL the page asked for

    def network_requests(self, own_url: str) -> list[str]:
        """Requests other than the page itself and data: URIs (which never leave the page)."""
        return [u for u in self.requests if u != own_url and not u.startswith("data:")]


@contextlib.contextmanager
def open_page(path: Path) -> Iterator[tuple[object, PageLog]]:
    """Yield (playwright page, log) with ``path`` loaded; closes the browser afterwards."""
    with open_url(Path(path).resolve().as_uri()) as opened:
        yield opened


def fake_microphone_args(wav: Path) -> list[str]:
    """Chromium's fake microphone, fed from ``wav`` (which it plays in a loop), allowed without asking."""
    return ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={wav}"]


@contextlib.contextmanager
def open_url(url: str, extra_args: list[str] = ()) -> Iterator[tuple[object, PageLog]]:
    """Yield (playwright page, log) with ``url`` loaded; ``page.context`` opens more pages."""
    from playwright.sync_api import sync_playwright

    log = PageLog()
    with tempfile.TemporaryDirectory(prefix="mi-chromium-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS + list(extra_args),
            headless=True,
            viewport=VIEWPORT,
        )
        try:
            context.on("page", lambda p: _watch(p, log))
            context.on("request", lambda r: log.requests.append(r.url))
            page = context.pages[0] if context.pages else context.new_page()
            _watch(page, log)
            page.goto(url, wait_until="load")
            yield page, log
        finally:
            context.close()


def _watch(page, log: PageLog) -> None:
    if getattr(page, "_mi_watched", False):
        return
    page._mi_watched = True
    page.on("console", lambda m: m.type == "error" and log.console_errors.append(m.text))
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))
