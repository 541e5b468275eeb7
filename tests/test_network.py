"""The network views' data and page, without a browser: the vendored library, the payload, the policy.

The pages themselves are tested in Chromium: tests/test_network_pages.py.
"""

from __future__ import annotations

import hashlib
import re
from html import unescape
from collections import Counter
from importlib.resources import files

import pytest

from jhaan_kg.render.network_page import SCRIPTS, network_html, network_view
from jhaan_kg.render.network import payload
from jhaan_kg.render.scripts import script_hash, static_script

STATIC = files("jhaan_kg.render").joinpath("static")


def test_the_vendored_library_is_the_file_its_readme_names():
    readme = STATIC.joinpath("vendor", "README.md").read_text(encoding="utf-8")
    for name, digest in re.findall(r"\| `([^`]+\.js)` \|.*\| `([0-9a-f]{64})` \|", readme):
        assert hashlib.sha256(STATIC.joinpath("vendor", name).read_bytes()).hexdigest() == digest, name


@pytest.mark.parametrize("name", [s for s in SCRIPTS if not s.endswith(".min.js")] + ["relex_page.js"])
def test_our_scripts_are_short_plain_and_set_text_only(name):
    text = static_script(name)
    code = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    assert len(text.splitlines()) <= 500
    assert "innerHTML" not in code and "insertAdjacentHTML" not in code and "eval(" not in code
    assert not re.search(r"\b(let|const|class)\s|=>|`", code), "one style throughout: var and function"


def test_each_instrument_is_on_one_edge_of_its_agency_counterpart_and_type(kg):
    view, _ = network_view(kg, "relex", "2024-01-01")
    data = payload(view, "2024-01-01")
    on = Counter(i for e in data["edges"] for i in e["items"])
    assert set(on) == set(data["items"]) and set(on.values()) == {1}
    keys = [(e["from"], e["to"], e["kind"]) for e in data["edges"]]
    assert len(keys) == len(set(keys))
    for e in data["edges"]:
        for i in e["items"]:
            item = data["items"][i]
            assert (item["counterpart"], item["type"]) == (e["to"], e["kind"])


def test_the_page_allows_exactly_its_own_scripts(kg):
    view, _ = network_view(kg, "agencies", "2024-01-01")
    html = network_html(view, "2024-01-01", "x.svg")
    policy = unescape(re.search(r'content="(default-src[^"]*)"', html).group(1))
    assert re.search(r"script-src ([^;]*);", policy).group(1).split() == [script_hash(static_script(s)) for s in SCRIPTS]
    assert "default-src 'none'" in policy and "http" not in policy
    assert html.count("<script>") == len(SCRIPTS) and html.count('<script type="application/json"') == 1
