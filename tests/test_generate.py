"""benchmarks.generate: a seeded synthetic graph of the size asked, valid except for its deliberate violations."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest

from benchmarks.generate import VIOLATIONS, generate
from helpers import ONTOLOGY
from jhaan_kg.load import load_graph
from jhaan_kg.validate import validate_graph

TRIPLES = 4000


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic")
    return out, generate(TRIPLES, out)


def _files(folder):
    return {f.name: f.read_bytes() for f in sorted(folder.glob("*.ttl"))}


def test_it_writes_the_number_of_triples_asked(synthetic):
    out, counts = synthetic
    parsed = sum(len(list(ox.parse(path=str(f), format=ox.RdfFormat.TURTLE))) for f in out.glob("*.ttl"))
    assert parsed == counts["triples"]
    assert TRIPLES <= parsed < TRIPLES + 30  # the last entity is written whole


def test_the_same_seed_writes_the_same_files(synthetic, tmp_path):
    out, _ = synthetic
    generate(TRIPLES, tmp_path / "again")
    generate(TRIPLES, tmp_path / "other", seed=8)
    assert _files(tmp_path / "again") == _files(out)
    assert _files(tmp_path / "other") != _files(out)


def test_only_the_deliberate_violations_are_found(synthetic, shapes):
    out, counts = synthetic
    report = validate_graph(load_graph([ONTOLOGY, out]), shapes)
    assert counts["violations"] == VIOLATIONS == len(report.results) == report.violations
    assert Counter(r.shape for r in report.results) == {
        "shapes:SourcedThingShape-source": 2, "shapes:FrontexSchengenShape": 2, "shapes:DateOrderShape": 2,
        "shapes:SuspensionExplainedShape": 2, "shapes:EmpactInvolvementShape-operationalActionCount": 2}
