"""The scripts a page runs, inlined, and the JSON block they read, under a Content-Security-Policy by hash.

A page that runs script (the network pages, relex.html) inlines the package's own scripts
(render/static/) and vendored ones (render/static/vendor/), so that it is one file that opens from
file:// and asks no other host for anything. Its policy allows exactly those scripts, by their SHA-256,
and nothing from elsewhere. The data goes in as JSON in a `<script type="application/json">` block, which
the browser never runs and the scripts read as text: nothing from the data is ever markup.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache
from importlib.resources import files

VENDORED = ("vis-network.min.js",)  # npm vis-network 10.1.5, Apache-2.0 or MIT: static/vendor/README.md


@lru_cache(maxsize=None)
def static_script(name: str) -> str:
    """A script of render/static/ (our own) or render/static/vendor/ (vendored), as text."""
    folder = files("jhaan_kg.render").joinpath("static")
    path = folder.joinpath("vendor", name) if name in VENDORED else folder.joinpath(name)
    return path.read_text(encoding="utf-8")


def script_hash(script: str) -> str:
    """The CSP source that allows exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def inline_scripts(*names: str) -> tuple[list[str], str]:
    """The scripts `names` as text, in order, and the CSP script sources that allow exactly them."""
    scripts = [static_script(name) for name in names]
    return scripts, " ".join(script_hash(s) for s in scripts)


def json_for_script(data) -> str:
    """JSON that can stand inside a <script> element: no '<', '>' or '&' that the HTML parser would read.

    >>> json_for_script({"label": "</script><b>"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
