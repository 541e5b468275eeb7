"""The network views (issue 19) as data: drawn from SPARQL results alone, each instrument once, the weights of
the agencies view those of cooperating-agency-pairs, the page self-contained and its data inert."""

from __future__ import annotations

import hashlib
import html
from html import unescape
import json
import re
from collections import Counter

import pytest
from click.testing import CliRunner

from helpers import ROOT
from jhaan_kg.cli import main
from jhaan_kg.query import load_catalogue, run_named_query
from jhaan_kg.render.network_draw import draw_network
from jhaan_kg.render.network_page import SCRIPTS, network_html, network_view
from jhaan_kg.render.scripts import json_for_script, script_hash, static_script

VENDOR = ROOT / "jhaan_kg" / "render" / "static" / "vendor"


@pytest.fixture(scope="module")
def relex(kg):
    return network_view(kg, "relex", "2026-12-07", ROOT / "queries")


@pytest.fixture(scope="module")
def agencies(kg):
    return network_view(kg, "agencies", "2026-12-07", ROOT / "queries")[0]


def test_vendored_files_are_the_ones_the_readme_names():
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    found = re.findall(r"\| `([\w.-]+\.(?:js|css))` \|.*\| `([0-9a-f]{64})` \|$", readme, re.M)
    assert {name for name, _ in found} == {"vis-network.min.js", "yasgui.min.js", "yasgui.min.css"}
    for name, digest in found:
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    assert (VENDOR / "vis-network.LICENSE-MIT").is_file() and (VENDOR / "vis-network.LICENSE-APACHE-2.0").is_file()
    assert "MIT License" in (VENDOR / "yasgui.LICENSE-MIT").read_text(encoding="utf-8")
    assert "codemirror" in (VENDOR / "yasgui.THIRD-PARTY-NOTICES").read_text(encoding="utf-8")


def test_every_instrument_is_one_item_on_the_edge_of_its_agency_counterpart_and_type(kg, relex):
    view, _ = relex
    rows = run_named_query(kg, load_catalogue(ROOT / "queries")["network-instruments"]).dicts()
    assert len(view.items) == len(rows) >= 160
    on_edges = Counter(item for edge in view.edges for item in edge.items)
    assert set(on_edges) == set(view.items) and set(on_edges.values()) == {1}
    nodes = {n.id: n for n in view.nodes}
    for edge in view.edges:
        for key in edge.items:
            item = view.items[key]
            assert (item["agency"], item["counterpart"], item["type"]) == (nodes[edge.source].label, edge.target, edge.kind)
    agencies = {r["agency"] for r in rows}
    counterparts = {r["counterpart"] for r in rows}
    assert len(view.nodes) == len(agencies) + len(counterparts)
    assert len({(r["agency"], r["counterpart"], r["type"]) for r in rows}) == len(view.edges)


def test_the_agencies_view_weighs_each_pair_as_cooperating_agency_pairs_counts_it(kg, agencies):
    pairs = run_named_query(kg, load_catalogue(ROOT / "queries")["cooperating-agency-pairs"]).dicts()
    nodes = {n.id: n.label for n in agencies.nodes}
    weights = {(nodes[e.source], nodes[e.target]): {k: len(v) for k, v in e.by_kind.items()} for e in agencies.edges}
    assert len(weights) == len(pairs) > 20
    for pair in pairs:
        got = weights[(pair["agency1"], pair["agency2"])]
        assert got.get("joint-project", 0) == int(pair["joint_projects"])
        assert got.get("shared-event", 0) == int(pair["shared_events"])
        assert got.get("shared-action-plan", 0) == int(pair["shared_action_plans"])
    assert all(item["sources"] for item in agencies.items.values())


def test_the_svg_of_a_day_draws_exactly_the_links_relex_matrix_gives_for_it(kg):
    view, statuses = network_view(kg, "relex", "2010-12-31", ROOT / "queries")
    nodes = {n.id: n for n in view.nodes}
    expected = {(nodes[e.source].label, nodes[e.target].label, e.kind) for e in view.edges
                if any((view.items[i]["iri"], nodes[e.target].iri) in statuses for i in e.items)}
    svg = draw_network(view, statuses)
    drawn = re.findall(r'<line [^>]*data-kind="([\w-]+)" data-from="([^"]*)" data-to="([^"]*)"', svg)
    assert {(html.unescape(a), html.unescape(c), kind) for kind, a, c in drawn} == expected
    assert len(expected) < len(view.edges)  # fewer links in 2010 than all the instruments make
    signed_later = {i["iri"] for i in view.items.values() if i["signed"] > "2011"}
    assert signed_later and not signed_later & {iri for iri, _ in statuses}


def test_data_goes_into_the_page_as_json_that_cannot_close_its_script():
    hostile = {"label": "</script><img src=x onerror=alert(1)> & <!--"}
    text = json_for_script(hostile)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == hostile


def test_network_command_writes_the_page_and_its_svg_and_refuses_a_wrong_date(tmp_path):
    out = tmp_path / "relex.html"
    result = CliRunner().invoke(main, ["--root", str(ROOT), "network", "relex", "--as-of", "2017-12-31", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and out.with_suffix(".svg").is_file()
    assert '"asOf":"2017-12-31"' in out.read_text(encoding="utf-8")
    wrong = CliRunner().invoke(main, ["--root", str(ROOT), "network", "relex", "--as-of", "2017-02-30", "--out", str(out)])
    assert wrong.exit_code == 2 and "is not a date" in wrong.stderr


@pytest.mark.parametrize("name", [s for s in SCRIPTS if not s.endswith(".min.js")] + ["relex_page.js"])
def test_our_scripts_are_short_plain_and_set_text_only(name):
    text = static_script(name)
    code = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    assert len(text.splitlines()) <= 500
    assert "innerHTML" not in code and "insertAdjacentHTML" not in code and "eval(" not in code
    assert not re.search(r"\b(let|const|class)\s|=>|`", code), "one style throughout: var and function"


def test_the_page_allows_exactly_its_own_scripts(kg):
    view, _ = network_view(kg, "agencies", "2024-01-01")
    html = network_html(view, "2024-01-01", "x.svg")
    policy = unescape(re.search(r'content="(default-src[^"]*)"', html).group(1))
    assert re.search(r"script-src ([^;]*);", policy).group(1).split() == [script_hash(static_script(s)) for s in SCRIPTS]
    assert "default-src 'none'" in policy and "http" not in policy
    assert html.count("<script>") == len(SCRIPTS) and html.count('<script type="application/json"') == 1
