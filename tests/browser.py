"""Pages tested in a real browser: Debian's Chromium, driven by Playwright (which never downloads one).

Every request to another host is blocked and recorded, every console error is kept and every dialog
(alert, confirm, prompt) is recorded and dismissed, so that a test can assert that a page asked nothing of
the network, logged no error and ran no injected script.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# as the machine's own probe starts it: headless, as root, and without the background traffic a closed
# network refuses
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]
LOCAL = ("file:", "data:", "blob:", "about:")


@dataclass
class Visit:
    """One page opened in the browser: the page, what it asked of other hosts, logged as errors and opened
    as dialogs."""

    page: object
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def open_page(browser, url: str, local_hosts: tuple[str, ...] = (), width: int = 1400, height: int = 1000) -> Visit:
    """Open `url` in a new page with requests to any host but `local_hosts` (e.g. "http://127.0.0.1:8000")
    blocked and recorded."""
    page = browser.new_page(viewport={"width": width, "height": height})
    visit = Visit(page)
    page.on("console", lambda message: visit.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: visit.errors.append(str(error)))

    def dialog(d):
        visit.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)

    def route(r):
        if r.request.url.startswith(LOCAL + local_hosts):
            r.continue_()
        else:
            visit.external.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(url if "://" in url else Path(url).resolve().as_uri())
    return visit
