"""`jhaan-kg publish` (issue 20, items 1 and 3): the build loaded into a real shared store and read back.

One private Virtuoso (benchmarks/virtuoso.py) on 127.0.0.1, on free ports, with a temporary database set up
as a shared store is: every graph its own (a query names its graph, `--named-graph`), and an older graph
already in place at the IRI the build is published to. A user is added who may write graphs with HTTP
digest authentication at /sparql-graph-crud-auth. The build is published with the command line, then:
every catalogue query gives the same rows through `query run --endpoint`; a second publish (in small
chunks) replaces the graph rather than adding to it; a wrong password fails with a clear message, shows no
password, and leaves the graph as it was; a query the store stops at the time limit it was sent is an
error, not a short answer. `make test` installs Virtuoso; without it these tests fail (as
tests/test_virtuoso.py's do) and say how to install it. The publish's own checks (count and checksum) are
asserted against the embedded engine's.
"""

from __future__ import annotations

import csv
import io
import subprocess

import pytest
from click.testing import CliRunner

from benchmarks.virtuoso import VirtuosoError, VirtuosoServer
from helpers import GRAPH, ONTOLOGY, REAL_PARAMS
from jhaan_kg.cli import main
from jhaan_kg.errors import QueryError
from jhaan_kg.load import load_graph
from jhaan_kg.namespaces import PUBLISHED
from jhaan_kg.publish.remote import Credentials, Remote, credentials_from
from jhaan_kg.publish.upload import Target, check_remote
from jhaan_kg.query import QueryResult, run_named_query, run_sparql_endpoint
from jhaan_kg.query.formats import format_result
from test_queries import CATALOGUE, NAMES
from test_virtuoso import assert_same_rows

USER, PASSWORD = "analyst", "pw-" + "k3y-not-shown"
OLD = "<http://example.org/old> <http://example.org/said> \"an older graph\" .\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("publish") / "build"
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--quiet", "--ontology", str(ONTOLOGY),
                                       "--graph", str(GRAPH)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    old = tmp_path_factory.mktemp("old") / "old.ttl"
    old.write_text(OLD, encoding="utf-8")
    failure = None
    try:
        server = VirtuosoServer([old], graph=PUBLISHED, default_graph=False).__enter__()
    except VirtuosoError as e:  # a failure, not a skip: `make test` installs Virtuoso (the message says so)
        failure = str(e)
    if failure:
        pytest.fail(failure, pytrace=False)
    try:
        server.add_user(USER, PASSWORD)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def embedded():
    return load_graph([ONTOLOGY, GRAPH], by_file=False)


def publish(store, built, password=PASSWORD, *extra):
    return CliRunner().invoke(main, ["publish", "--endpoint", store.base + "/sparql-graph-crud-auth",
                                     "--build", str(built), "--user", USER, "--timeout", "60", *extra],
                              env={"JHAAN_KG_PASSWORD": password})


def published_check(store):
    remote = Remote(Credentials(USER, PASSWORD))
    return check_remote(remote, Target("", store.base + "/sparql-auth", PUBLISHED), PUBLISHED)


def graphs(store) -> set[str]:
    remote = Remote(Credentials(USER, PASSWORD))
    rows = remote.select(store.base + "/sparql-auth", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {row["g"] for row in rows}


@pytest.fixture(scope="module")
def published(store, built, embedded):
    assert published_check(store).triples == 1  # the older graph
    result = publish(store, built)
    assert result.exit_code == 0, result.output + result.stderr
    return result


def test_publish_says_what_it_does_and_that_the_store_holds_exactly_the_build(published, embedded):
    lines = published.stderr.splitlines()
    assert lines[0].startswith("publishing ") and "12," in lines[0]
    assert any(line.strip().startswith("chunk 1/1:") for line in lines)
    assert any("staging graph checked" in line for line in lines)
    assert lines[-1].startswith(f"published: <{PUBLISHED}> holds exactly the build's {len(embedded.merged):,} triples")
    assert published.stdout.startswith(f"<{PUBLISHED}>: {len(embedded.merged):,} triples, checksum ")
    assert PASSWORD not in published.output + published.stderr


def test_the_store_holds_the_build_and_not_the_older_graph_nor_a_staging_graph(published, store, embedded):
    check = published_check(store)
    assert check.triples == len(embedded.merged)
    assert not any("staging" in g for g in graphs(store))
    remote = Remote(Credentials(USER, PASSWORD))
    assert not remote.ask(store.base + "/sparql-auth", f"ASK {{ GRAPH <{PUBLISHED}> {{ <http://example.org/old> ?p ?o }} }}")


def parse_csv(text: str) -> QueryResult:
    rows = list(csv.reader(io.StringIO(text)))
    return QueryResult(tuple(rows[0]), tuple(tuple(r) for r in rows[1:]))


@pytest.mark.parametrize("name", NAMES)
def test_every_catalogue_query_gives_the_same_rows_through_query_run_endpoint(published, store, embedded, name):
    params = REAL_PARAMS.get(name, {})
    expected = parse_csv(format_result(run_named_query(embedded, CATALOGUE[name], params), "csv"))
    args = ["query", "run", name, "--endpoint", store.endpoint, "--named-graph", PUBLISHED, "--format", "csv"]
    args += [f"--param={k}={v}" for k, v in params.items()]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output + result.stderr
    assert_same_rows(name, expected, parse_csv(result.stdout))


def test_a_second_publish_in_chunks_replaces_the_graph_rather_than_adding_to_it(published, store, built, embedded):
    before = published_check(store)
    result = publish(store, built, PASSWORD, "--chunk", "2000")
    assert result.exit_code == 0, result.output + result.stderr
    assert "chunk 7/7:" in result.stderr  # blank nodes kept whole within a chunk
    assert published_check(store) == before and before.triples == len(embedded.merged)
    assert not any("staging" in g for g in graphs(store))


def test_a_wrong_password_fails_clearly_shows_no_password_and_changes_nothing(published, store, built):
    before = published_check(store)
    result = publish(store, built, "wrong-" + "guess-xyz")
    assert result.exit_code == 2
    assert f"the store refused user '{USER}'" in result.stderr and "HTTP 401" in result.stderr
    assert f"nothing was sent, <{PUBLISHED}> is unchanged" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert "guess-xyz" not in result.output + result.stderr and PASSWORD not in result.stderr
    assert published_check(store) == before
    assert not any("staging" in g for g in graphs(store))


# --- without a store ------------------------------------------------------------------------------------

def test_a_password_comes_from_the_flag_the_file_or_the_environment_and_never_shows(tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("from-file\nignored\n", encoding="utf-8")
    assert credentials_from("ann", "flag", secret, environ={"JHAAN_KG_PASSWORD": "env"}).password == "flag"
    assert credentials_from("ann", None, secret, environ={"JHAAN_KG_PASSWORD": "env"}).password == "from-file"
    assert credentials_from("ann", None, None, environ={"JHAAN_KG_PASSWORD": "env"}).password == "env"
    assert "from-file" not in repr(credentials_from("ann", None, secret, environ={}))


@pytest.mark.parametrize("args, message", [
    (["--endpoint", "http://ann:s3cret@127.0.0.1:1/gsp"], "not in the URL"),
    (["--endpoint", "ftp://127.0.0.1/gsp"], "must be an http:// or https:// URL"),
    (["--endpoint", "http://127.0.0.1:1/gsp"], "give --sparql URL"),
    (["--endpoint", "http://127.0.0.1:1/sparql-graph-crud-auth", "--password", "s3cret"], "without --user"),
    (["--endpoint", "http://127.0.0.1:1/sparql-graph-crud-auth", "--user", "ann"], "no password for user 'ann'"),
    (["--endpoint", "http://127.0.0.1:1/sparql-graph-crud-auth", "--graph", "x> } ; DROP ALL ; #"],
     "is not an absolute IRI"),
])
def test_bad_publish_options_are_a_clear_error_without_the_password(tmp_path, args, message):
    (tmp_path / "jhaan.ttl").write_text(OLD, encoding="utf-8")
    result = CliRunner().invoke(main, ["publish", "--build", str(tmp_path), *args], env={"JHAAN_KG_PASSWORD": ""})
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert "s3cret" not in result.output + result.stderr and "Traceback" not in result.stderr


def test_an_unreachable_store_or_a_missing_build_is_a_clear_error(tmp_path):
    endpoint = ["--endpoint", "http://127.0.0.1:9/sparql-graph-crud-auth", "--user", "ann", "--password", "s3cret"]
    result = CliRunner().invoke(main, ["publish", "--build", str(tmp_path), *endpoint])
    assert result.exit_code == 2 and "run `jhaan-kg build` first" in result.stderr
    (tmp_path / "jhaan.ttl").write_text(OLD, encoding="utf-8")
    result = CliRunner().invoke(main, ["publish", "--build", str(tmp_path), *endpoint])
    assert result.exit_code == 2 and "cannot reach http://127.0.0.1:9/" in result.stderr, result.stderr
    assert "s3cret" not in result.output + result.stderr


# --- drawing from the store (issue 20, item 2) -----------------------------------------------------------

def test_the_infographics_drawn_from_the_store_are_byte_identical(published, store, tmp_path):
    def draw(*where):
        out = tmp_path / ("remote" if where else "local")
        result = CliRunner().invoke(main, ["infographic", "--as-of", "2019-06-30", "--out", str(out), *where,
                                           "--ontology", str(ONTOLOGY), "--graph", str(GRAPH)])
        assert result.exit_code == 0, result.output + result.stderr
        return out

    local, remote = draw(), draw("--endpoint", store.endpoint, "--named-graph", PUBLISHED)
    for name in ("relex.svg", "empact.svg", "relex.html", "empact.html"):
        assert (remote / name).read_bytes() == (local / name).read_bytes(), name


def test_the_network_pages_drawn_from_the_store_are_identical(published, store, tmp_path):
    for view in ("relex", "agencies"):
        pages = {}
        for where in ((), ("--endpoint", store.endpoint, "--named-graph", PUBLISHED)):
            out = tmp_path / ("remote" if where else "local") / f"network-{view}.html"
            result = CliRunner().invoke(main, ["network", view, "--out", str(out), "--as-of", "2019-06-30", *where,
                                               "--ontology", str(ONTOLOGY), "--graph", str(GRAPH)])
            assert result.exit_code == 0, result.output + result.stderr
            pages[bool(where)] = (out.read_bytes(), out.with_suffix(".svg").read_bytes())
        assert pages[True] == pages[False], view


def test_build_draws_from_the_store_the_same_files(published, store, built, tmp_path):
    out = tmp_path / "build"
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--ontology", str(ONTOLOGY), "--graph", str(GRAPH),
                                       "--endpoint", store.endpoint, "--named-graph", PUBLISHED])
    assert result.exit_code == 0, result.output + result.stderr
    assert f"drawing the network pages from {store.endpoint}" in result.stderr
    for name in ("relex.svg", "empact.svg", "relex.html", "empact.html", "network-relex.html", "network-agencies.html",
                 "network-relex.svg", "network-agencies.svg", "sources.html", "annex-figures.ttl"):
        assert (out / name).read_bytes() == (built / name).read_bytes(), name
    assert pdf_text(out / "annex.pdf") == pdf_text(built / "annex.pdf")  # the PDF's own metadata holds its time


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_a_named_graph_without_an_endpoint_is_an_error():
    for args in (["infographic", "relex"], ["network", "relex"], ["query", "run", "relex-legend"], ["build"]):
        result = CliRunner().invoke(main, [*args, "--named-graph", PUBLISHED, "--out" if args[0] != "query" else
                                           "--format", "/tmp/never-written" if args[0] != "query" else "csv"])
        assert result.exit_code == 2 and "give --endpoint URL too" in result.stderr, (args, result.stderr)


def test_a_query_the_store_stops_at_its_time_limit_is_an_error_not_a_short_answer(built):
    # a server of its own: Virtuoso 7.2 can leave threads stuck after a query it stopped (VirtuosoServer.restart)
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with VirtuosoServer([built / "jhaan.ttl"]) as server:
        with pytest.raises(QueryError, match=r"stopped the query at the time limit it was given \(8 s\)"):
            run_sparql_endpoint(server.endpoint, endless, timeout=10)
