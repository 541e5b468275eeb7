"""`jhaan-kg serve`: a read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1 with browser pages.

One server per module, started as a user would (a child process on a free port, the real graph); every
request is bounded in time, and the server and its workers are gone at the end.
"""

from __future__ import annotations

import csv
import io
import json
import re
import signal
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from benchmarks.harness import child_pids
from helpers import GRAPH, ONTOLOGY, REAL_PARAMS, start_server, stop_server, unordered_concat
from jhaan_kg.cli import main
from jhaan_kg.load import load_graph
from jhaan_kg.query import load_catalogue, run_named_query, run_sparql, run_sparql_endpoint
from jhaan_kg.errors import Refused
from jhaan_kg.publish import workers as workers_module
from jhaan_kg.publish.protocol import IN_MEMORY, ROW_LIMIT, Spooled, negotiate

CATALOGUE = load_catalogue()
TIMEOUT = 3  # the server's limit per query, in seconds
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TEMP: dict[str, Path] = {}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    (site / "index.html").write_text("<h1>the build</h1>", encoding="utf-8")
    (site / "relex.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (site / "store").mkdir()
    (site / "store" / "manifest.json").write_text("{}", encoding="utf-8")
    TEMP["dir"] = tmp_path_factory.mktemp("temp")  # the server's temporary folders (its answers), to look into
    process, base = start_server("--timeout", str(TIMEOUT), "--workers", "2",
                                 "--store", str(tmp_path_factory.mktemp("nostore") / "s"), "--site", str(site),
                                 env={"TMPDIR": str(TEMP["dir"])})
    yield base, process
    stop_server(process)


@pytest.fixture(scope="module")
def kg():
    return load_graph([ONTOLOGY, GRAPH], by_file=False)


def request(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, content type, body) of one request, bounded at 30 s."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def get(base: str, path: str, **headers):
    return request(base + path, headers=headers)


def sparql_get(base: str, query: str, accept: str | None = None, **params):
    return get(base, "/sparql?" + urlencode({"query": query, **params}), **({"Accept": accept} if accept else {}))


def test_every_catalogue_query_gives_the_embedded_rows_through_sparqlwrapper(server, kg):
    base, _ = server
    for name, query in CATALOGUE.items():
        embedded = run_named_query(kg, query, REAL_PARAMS.get(name))
        served = run_named_query(None, query, REAL_PARAMS.get(name), endpoint=base + "/sparql")
        assert served.columns == embedded.columns, name
        # the served store is on disk, the embedded one in memory: GROUP_CONCAT parts may come in another order
        assert unordered_concat(query.text, served.rows) == unordered_concat(query.text, embedded.rows), name


def test_a_comment_that_names_an_update_keyword_is_still_a_query(server):
    """SPARQLWrapper takes a query's form from its first keyword, comments included on every other line."""
    base, _ = server
    text = ("# one\n# we add the agencies\n# and drop nothing\n"
            "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/jhaan-kg/ontology#Agency> }")
    assert run_sparql_endpoint(base + "/sparql", text).rows == (("9",),)


def test_query_command_with_endpoint_prints_the_same_csv(server):
    base, _ = server
    runner = CliRunner()
    embedded = runner.invoke(main, ["query", "run", "relex-instruments", "--format", "csv",
                                    "--param", "as_of=2017-12-31", "--store", "/nonexistent"])
    served = runner.invoke(main, ["query", "run", "relex-instruments", "--format", "csv",
                                  "--param", "as_of=2017-12-31", "--endpoint", base + "/sparql"])
    assert embedded.exit_code == served.exit_code == 0, served.output
    # the rows only: the embedded run also says on stderr that it read the files, as --store names no store
    assert served.stdout == embedded.stdout and served.stdout.count("\n") > 20


def test_an_agency_in_another_case_or_unknown_through_the_endpoint(server):
    base, _ = server
    runner = CliRunner()
    args = ["query", "run", "meetings-attended", "--format", "csv", "--endpoint", base + "/sparql", "--param"]
    lower, proper = runner.invoke(main, [*args, "agency=euaa"]), runner.invoke(main, [*args, "agency=EUAA"])
    assert lower.exit_code == proper.exit_code == 0 and lower.stdout == proper.stdout and lower.stdout.count("\n") > 5
    wrong = runner.invoke(main, [*args, "agency=frontx"])
    assert wrong.exit_code == 2 and "the closest: Frontex" in wrong.stderr


def test_results_by_content_negotiation(server, kg):
    base, _ = server
    query = "SELECT ?code WHERE { ?c <https://w3id.org/jhaan-kg/ontology#iso2> ?code } ORDER BY ?code LIMIT 5"
    expected = [row[0] for row in run_sparql(kg, query).rows]
    status, media, body = sparql_get(base, query)  # no Accept: SPARQL JSON
    assert (status, media) == (200, "application/sparql-results+json; charset=utf-8")
    assert [b["code"]["value"] for b in json.loads(body)["results"]["bindings"]] == expected
    status, media, body = sparql_get(base, query, "application/sparql-results+xml")
    assert media.startswith("application/sparql-results+xml") and body.count(b"<result>") == 5
    status, media, body = sparql_get(base, query, "text/csv;q=0.9, application/json;q=0.1")
    assert media.startswith("text/csv") and body.decode().splitlines() == ["code"] + expected
    status, media, body = sparql_get(base, query, "text/tab-separated-values")
    assert media.startswith("text/tab-separated-values") and body.decode().splitlines()[0] == "?code"
    # a browser gets the editor holding the query, which asks for the answer itself
    status, media, body = sparql_get(base, query, "text/html,application/xhtml+xml,*/*;q=0.8")
    data = re.search(r'<script type="application/json" id="sparql-data">(.*?)</script>', body.decode(), re.S).group(1)
    assert media.startswith("text/html") and json.loads(data)["query"] == query and json.loads(data)["run"] is True
    status, media, body = sparql_get(base, query, "application/json", format="csv")  # ?format= wins
    assert media.startswith("text/csv")
    status, _, body = sparql_get(base, query, "image/png")
    assert status == 406 and b"available" in body


def test_construct_and_ask(server):
    base, _ = server
    construct = ("CONSTRUCT { ?a <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } WHERE { "
                 "?a a <https://w3id.org/jhaan-kg/ontology#Agency> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")
    status, media, body = sparql_get(base, construct)
    assert (status, media.split(";")[0]) == (200, "text/turtle") and body.count(b"prefLabel") >= 9
    status, media, body = sparql_get(base, construct, "application/n-triples")
    assert media.startswith("application/n-triples") and len(body.decode().strip().splitlines()) >= 9
    status, media, body = sparql_get(base, "ASK { ?s a <https://w3id.org/jhaan-kg/ontology#Agency> }")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_post_as_form_and_as_sparql_query(server):
    base, _ = server
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/jhaan-kg/ontology#Agency> }"
    for data, kind in ((urlencode({"query": query}).encode(), "application/x-www-form-urlencoded"),
                       (query.encode(), "application/sparql-query")):
        status, _, body = request(base + "/sparql", data, {"Content-Type": kind, "Accept": "text/csv"})
        assert (status, body.decode().split()) == (200, ["n", "9"])


@pytest.mark.parametrize("fmt", ["json", "csv", "turtle"])
def test_a_long_answer_is_sent_whole_from_its_file_and_leaves_no_file_behind(server, fmt):
    # 10,000 rows or triples (the default limit), most of them over a kilobyte: over the 4 MB an answer may
    # hold in memory
    pad = ", ".join(["STR(?s)"] * 16)
    if fmt == "turtle":
        query = f"CONSTRUCT {{ ?s ?p ?o . ?s <urn:pad> ?pad }} WHERE {{ ?s ?p ?o BIND (CONCAT({pad}, STR(?p), STR(?o)) AS ?pad) }}"
    else:
        query = f"SELECT ?s ?pad WHERE {{ ?s ?p ?o BIND (CONCAT({pad}, STR(?p), STR(?o)) AS ?pad) }}"
    url = server[0] + "/sparql?" + urlencode({"query": query, "format": fmt})
    with urllib.request.urlopen(url, timeout=30) as response:
        body, length = response.read(), int(response.headers["Content-Length"])
        assert response.headers["X-Truncated"] == "true"
    assert len(body) == length > IN_MEMORY
    rows = {"json": lambda: len(json.loads(body)["results"]["bindings"]),
            "csv": lambda: len(body.decode("utf-8").splitlines()) - 1,
            "turtle": lambda: len(list(ox.parse(body, format=ox.RdfFormat.TURTLE)))}[fmt]()
    assert rows == ROW_LIMIT
    spools = list(TEMP["dir"].glob("jhaan-kg-answers-*"))
    assert len(spools) == 1 and list(spools[0].iterdir()) == []


def test_a_long_answer_outlives_the_worker_that_wrote_it(tmp_path, monkeypatch):
    # every query taken as long, on a system that does not let a process have its priority back: the worker
    # is replaced after answering, and what it leaves in the spool is removed, but not the answer it gave
    store = ox.Store(str(tmp_path / "store"))
    store.extend(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal("x" * 1000))
                 for i in range(ROW_LIMIT))
    store.flush()
    del store
    monkeypatch.setattr(workers_module, "LONG", 0.0)
    monkeypatch.setattr(workers_module, "renice", lambda process, niceness: False)
    pool = workers_module.Workers(tmp_path / "store", 1, timeout=30)
    try:
        answer = pool.ask("SELECT ?s ?o WHERE { ?s ?p ?o }", None, "csv")
        assert isinstance(answer.body, Spooled) and answer.body.size > IN_MEMORY
        with answer.body.file:
            assert len(answer.body.file.read().splitlines()) == ROW_LIMIT + 1
        assert list(pool.spool.iterdir()) == []
    finally:
        pool.close()
    assert not pool.spool.exists()


def test_the_icon_every_browser_asks_for_is_no_content_rather_than_an_error(server):
    assert get(server[0], "/favicon.ico") == (204, "image/x-icon", b"")


@pytest.mark.parametrize("case, expected_status, expected_text", [
    ("update-form", 403, b"read-only"),
    ("update-body", 403, b"read-only"),
    ("update-as-query", 400, b"does not parse"),
    ("syntax", 400, b"does not parse: error at 1:"),
    ("dataset", 400, b"default-graph-uri"),
    ("service", 400, b"SERVICE is not allowed"),
    ("put", 405, b"read-only"),
    ("too-big", 413, b"larger than"),
    ("no-query-post", 400, b"no query"),
    ("wrong-body-type", 415, b"application/sparql-query"),
    ("unknown-path", 404, b"nothing at"),
    ("traversal", 404, b"nothing at"),
    ("store-folder", 404, b"nothing at"),
    ("unknown-query", 404, b"no query named"),
    ("bad-parameter", 400, b"not a valid xsd:date"),
    ("unknown-agency", 400, b"the closest: Frontex"),
    ("unknown-country", 400, b"no country 'ZZ'"),
])
def test_refusals_say_what_is_wrong(server, case, expected_status, expected_text):
    base, _ = server
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    insert = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    status, media, body = {
        "update-form": lambda: request(base + "/sparql", urlencode({"update": insert}).encode(), form),
        "update-body": lambda: request(base + "/sparql", insert.encode(), {"Content-Type": "application/sparql-update"}),
        "update-as-query": lambda: sparql_get(base, insert),
        "syntax": lambda: sparql_get(base, "SELECT ?x WHERE { ?x"),
        "dataset": lambda: sparql_get(base, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", **{"default-graph-uri": "urn:x"}),
        "service": lambda: sparql_get(base, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"),
        "put": lambda: request(base + "/sparql", b"x", {"Content-Type": "text/turtle"}, method="PUT"),
        "too-big": lambda: request(base + "/sparql", b"query=" + b"x" * (1 << 20), form),
        "no-query-post": lambda: request(base + "/sparql", b"", form),
        "wrong-body-type": lambda: request(base + "/sparql", b"{}", {"Content-Type": "application/json"}),
        "unknown-path": lambda: get(base, "/nowhere"),
        "traversal": lambda: get(base, "/site/../../../../etc/passwd"),
        "store-folder": lambda: get(base, "/site/store/manifest.json"),
        "unknown-query": lambda: get(base, "/queries/no-such-query"),
        "bad-parameter": lambda: get(base, "/queries/relex-instruments?run=1&as_of=2017-13-45"),
        "unknown-agency": lambda: get(base, "/queries/meetings-attended?run=1&agency=frontx"),
        "unknown-country": lambda: get(base, "/queries/instruments-by-country?country=ZZ&format=csv"),
    }[case]()
    assert status == expected_status, body
    assert expected_text in body
    # the graph is untouched: still nine agencies
    status, _, body = sparql_get(base, "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/jhaan-kg/ontology#Agency> }",
                                 "text/csv")
    assert body.decode().split() == ["n", "9"]


def test_a_body_too_large_gets_its_refusal_rather_than_a_reset_connection(server):
    # the server reads and drops a refused body before answering; without that, a client still sending
    # it may see the connection reset instead of the 413 (a race: so the request is made several times)
    base, _ = server
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for _ in range(10):
        status, _, body = request(base + "/sparql", b"query=" + b"x" * (4 << 20), form)
        assert status == 413 and b"larger than" in body


def test_a_runaway_query_is_stopped_and_the_server_goes_on(server):
    base, process = server
    workers_before = child_pids(process.pid)
    start = time.monotonic()
    status, _, body = sparql_get(base, HEAVY)
    assert status == 503 and b"time limit of 3 s" in body
    assert time.monotonic() - start < TIMEOUT + 10
    status, _, body = sparql_get(base, "ASK {}", "text/csv")
    assert (status, body.strip()) == (200, b"true")
    assert len(child_pids(process.pid) - workers_before) >= 1  # the stopped worker was replaced


def test_queries_run_side_by_side(server, kg):
    base, _ = server
    query = CATALOGUE["countries-by-agency"]
    expected = run_named_query(kg, query).rows
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: run_named_query(None, query, endpoint=base + "/sparql").rows, range(8)))
    assert all(rows == expected for rows in results)


def test_pages(server, kg):
    base, _ = server
    status, media, body = get(base, "/")
    assert status == 200 and b'href="/queries"' in body and b'href="/site/"' in body
    status, _, body = get(base, "/queries")
    assert all(f'href="/queries/{name}"'.encode() in body for name in CATALOGUE)
    expected = run_named_query(kg, CATALOGUE["relex-instruments"], {"as_of": "2017-12-31"})
    status, _, body = get(base, "/queries/relex-instruments?run=1&as_of=2017-12-31")
    assert status == 200 and f"{len(expected.rows):,} rows".encode() in body
    status, media, body = get(base, "/queries/relex-instruments?as_of=2017-12-31&format=csv")
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert media.startswith("text/csv") and rows[0] == list(expected.columns) and len(rows) == len(expected.rows) + 1
    status, media, body = get(base, "/site/")
    assert (status, body) == (200, b"<h1>the build</h1>")
    status, media, _ = get(base, "/site/relex.svg")
    assert media.startswith("image/svg+xml")
    status, media, body = get(base, "/sparql")  # no query: the editor (and a form for a browser without script)
    assert status == 200 and b"<textarea" in body and b'src="/static/vendor/yasgui.min.js"' in body


def test_every_page_has_a_strict_policy_and_its_scripts_come_from_the_server(server):
    base, _ = server
    for path in ("/", "/queries", "/sparql", "/queries/instruments-by-country", "/sparql?query=ASK%7B%7D"):
        req = urllib.request.Request(base + path, headers={"Accept": "text/html"})
        with urllib.request.urlopen(req, timeout=30) as response:
            policy = response.headers["Content-Security-Policy"]
            body = response.read().decode()
        assert "script-src 'self';" in policy and "default-src 'none'" in policy and "connect-src 'self'" in policy, path
        for src in re.findall(r'<script src="([^"]+)"', body):
            status, media, script = get(base, src)
            assert status == 200 and media.startswith("text/javascript") and len(script) > 1000, src
    status, media, css = get(base, "/static/vendor/yasgui.min.css")
    assert status == 200 and media.startswith("text/css")
    for path in ("/static/../endpoint.py", "/static/vendor/README.md", "/static/nothing.js"):
        assert get(base, path)[0] == 404, path


def test_a_catalogue_page_shows_its_form_first_with_the_graphs_values(server):
    base, _ = server
    for name in ("instruments-by-country", "agencies-without-instrument", "meetings-attended", "sources-of"):
        status, _, body = get(base, f"/queries/{name}")
        assert status == 200 and b'<form method="get" class="query-form">' in body and b"(required)" in body, name
        assert b"<h2>Result</h2>" not in body
    status, _, body = get(base, "/queries/meetings-attended")
    assert body.count(b"<option value=") == 10 and b'<option value="eu-LISA">' in body  # nine agencies, and "choose"
    status, _, body = get(base, "/queries/instruments-by-country")
    assert b'<option value="RS">RS (Serbia)</option>' in body
    # run without the required value: the form again, with what is missing beside it
    status, _, body = get(base, "/queries/instruments-by-country?run=1")
    assert status == 400 and b"missing required parameter country" in body and b"query-form" in body
    status, _, body = get(base, "/queries/meetings-attended?run=1&agency=frontx")
    assert status == 400 and b"the closest: Frontex" in body and b"query-form" in body
    # a value in another case runs, in the graph's spelling
    status, _, body = get(base, "/queries/meetings-attended?run=1&agency=euaa")
    assert status == 200 and b"<h2>Result</h2>" in body and b"Answered in" in body


def test_a_result_table_shows_iris_by_label_and_links_them(server, kg):
    base, _ = server
    status, _, body = get(base, "/queries/instruments-by-country?run=1&country=RS")
    page = body.decode()
    assert status == 200 and 'class="sortable results"' in page
    # an instrument's IRI shows as its name, the IRI as tooltip, linked to what the graph says about it
    iri = "https://w3id.org/jhaan-kg/id/instrument/frontex-rs-eu-status-agreement-2024"
    name = run_sparql(kg, f"SELECT ?l WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}").rows[0][0]
    link = re.search(r'<a href="(/sparql\?query=[^"]+)" title="' + re.escape(iri) + '">' + re.escape(name) + "</a>", page)
    assert link, page[-3000:]
    status, media, about = get(base, link.group(1).replace("&amp;", "&") + "&format=csv")
    assert status == 200 and "https://w3id.org/jhaan-kg/ontology#counterpart,https://w3id.org/jhaan-kg/id/country/rs" in about.decode()


def test_negotiate_prefers_the_most_specific_range():
    assert negotiate("solutions", "text/*;q=0.5, text/csv;q=0") == "text/tab-separated-values"
    assert negotiate("triples", "application/*") == "application/n-triples"
    with pytest.raises(Refused):
        negotiate("triples", None, "csv")


def test_stopping_the_server_stops_its_workers(tmp_path):
    process, _ = start_server("--store", str(tmp_path / "none"), "--graph", str(GRAPH / "agencies.ttl"))
    try:
        workers = child_pids(process.pid)
        assert len(workers) >= 2
        process.send_signal(signal.SIGTERM)
        process.wait(20)
        deadline = time.monotonic() + 10
        while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    finally:
        if process.poll() is None:
            process.kill()


def test_port_in_use_is_a_clear_error(server):
    base, _ = server
    port = base.rsplit(":", 1)[1]
    result = CliRunner().invoke(main, ["serve", "--port", port, "--graph", str(GRAPH / "agencies.ttl"),
                                       "--store", "/nonexistent"])
    assert result.exit_code == 2 and "error:" in result.output
