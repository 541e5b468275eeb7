"""benchmarks.query_times: every query timed in one worker process, and a runaway one stopped without
losing the queries after it."""

from __future__ import annotations

from pathlib import Path

from benchmarks.query_times import MOST_RUNS, Runs, time_queries
from benchmarks.rows import rows_digest
from jhaan_kg.load import load_graph
from jhaan_kg.query import run_sparql

ROOT = Path(__file__).resolve().parent.parent

HEADER = "# title: {title}\n# description: {title}.\n# parameters: none\n"
QUERIES = {
    "a-agencies": "PREFIX jhaan: <https://w3id.org/jhaan-kg/ontology#>\nSELECT ?a WHERE { ?a a jhaan:Agency }",
    # every pair of triples: far longer than the cap below on graph/ (~138 million solutions)
    "b-runaway": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }",
    "c-bad": "SELECT ?x WHERE { ?x ?y }",
    "d-countries": "PREFIX jhaan: <https://w3id.org/jhaan-kg/ontology#>\nSELECT ?c WHERE { ?c a jhaan:Country }",
}


def test_each_query_is_timed_and_a_runaway_one_does_not_stop_the_rest(tmp_path):
    for name, text in QUERIES.items():
        (tmp_path / f"{name}.rq").write_text(HEADER.format(title=name) + text + "\n", encoding="utf-8")

    timings = {t.name: t for t in time_queries([ROOT / "ontology", ROOT / "graph"], repeat=2, timeout=3.0,
                                               queries_dir=tmp_path)}

    assert list(timings) == sorted(QUERIES)
    # a query of a millisecond runs MOST_RUNS times, not 2, so that its median is not one noisy run
    assert timings["a-agencies"].rows == 9 and len(timings["a-agencies"].seconds) == MOST_RUNS
    assert timings["a-agencies"].median is not None
    kg = load_graph([ROOT / "ontology", ROOT / "graph"], by_file=False)
    assert timings["a-agencies"].digest == rows_digest(QUERIES["a-agencies"], run_sparql(kg, QUERIES["a-agencies"]).rows)
    assert timings["b-runaway"].timed_out and timings["b-runaway"].median is None
    assert timings["c-bad"].error and "parse" in timings["c-bad"].error
    # answered by a fresh worker after the runaway one was stopped
    assert timings["d-countries"].rows and timings["d-countries"].rows > 40
    assert len(timings["d-countries"].seconds) == MOST_RUNS


def test_a_short_query_runs_more_often_than_a_long_one():
    assert not Runs(seconds=[0.4, 0.4]).wants_another(2)
    assert Runs(seconds=[0.4, 0.4]).wants_another(3)
    assert Runs(seconds=[0.01] * 5).wants_another(3)
    assert not Runs(seconds=[0.01] * MOST_RUNS).wants_another(3)
    assert not Runs(seconds=[0.1] * 5).wants_another(3)  # half a second in all


def test_a_virtuoso_failure_at_its_cap_counts_as_stopped_and_an_early_one_as_an_error():
    import http.server
    import threading
    import time

    from benchmarks.virtuoso import time_query

    class Failing(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            time.sleep(float(self.path.strip("/")))  # the path says how long to work before failing
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b'{ "head": { "vars": ["x"] }, "results": { "bindings": [')

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Failing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        at_cap = time_query(f"{base}/0.4", "SELECT * {}", repeat=1, timeout=0.3)
        early = time_query(f"{base}/0", "SELECT * {}", repeat=1, timeout=5)
    finally:
        server.shutdown()
    assert at_cap.timed_out and at_cap.error is None and at_cap.median is None
    assert not early.timed_out and "500" in early.error
