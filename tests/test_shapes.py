"""Every shape of ontology/shapes.ttl has a valid and an invalid fixture, and fires on exactly what it should.

Fixtures are in tests/fixtures/shapes/: `<Shape>-valid.ttl` (nothing may fire) and
`<Shape>-invalid-<reason>.ttl`, whose header names the shapes that must fire (`# expect:`) and, where
it helps, a part of the message (`# message:`). Each is a small graph of its own, loaded with ontology/.
A shape without targets (the concept shapes) fires through the property shape that uses it, which is
what its invalid fixture expects.
"""

from __future__ import annotations

import re

import pytest

from helpers import FIXTURES, ONTOLOGY
from jhaan_kg.load import KnowledgeGraph, file_graph_name, load_graph, load_shapes, parse_turtle, rewritten
from jhaan_kg.namespaces import SHAPES, shorten
from jhaan_kg.validate import validate_graph

SHAPE_FIXTURES = FIXTURES / "shapes"
VALID = sorted(SHAPE_FIXTURES.glob("*-valid.ttl"))
INVALID = sorted(SHAPE_FIXTURES.glob("*-invalid-*.ttl"))


def header(path, key: str) -> list[str]:
    """The values of `# key: a, b` lines at the top of a fixture."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = re.match(rf"#\s*{key}:\s*(.*)", line)
        if match:
            found.extend(v.strip() for v in match.group(1).split(",") if v.strip() and v.strip() != "nothing")
    return found


@pytest.fixture(scope="module")
def shapes():
    return load_shapes([ONTOLOGY])


def load_fixture(path) -> KnowledgeGraph:
    """ontology/ and the fixture. (load_graph would skip the fixture: it takes anything under a folder
    named shapes/ for a shapes file.)"""
    import pyoxigraph as ox

    kg = load_graph([ONTOLOGY])
    name = file_graph_name(path)
    triples = parse_turtle(path)
    kg.store.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
    return KnowledgeGraph(kg.store, (*kg.files, path), written={**kg.written, **rewritten(triples)})


def shapes_in_file() -> set[str]:
    """Every shape with an IRI in ontology/shapes.ttl (node shapes and named property shapes)."""
    text = (ONTOLOGY / "shapes.ttl").read_text(encoding="utf-8")
    return {f"shapes:{name}" for name in re.findall(r"^shapes:([A-Za-z][\w-]*) a sh:(?:Node|Property)Shape", text, re.M)}


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_nothing_fires_on_a_valid_fixture(path, shapes):
    kg = load_fixture(path)
    assert len(kg) > len(load_graph([ONTOLOGY])), "the fixture was not loaded"
    report = validate_graph(kg, shapes)
    assert report.results == (), report.to_text()


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_the_expected_shape_fires_on_an_invalid_fixture(path, shapes):
    expected = set(header(path, "expect"))
    assert expected, f"{path.name} does not say which shape must fire (# expect:)"
    report = validate_graph(load_fixture(path), shapes)
    fired = {r.shape for r in report.results}
    assert fired == expected, report.to_text()
    for part in header(path, "message"):
        assert any(part in r.message for r in report.results), report.to_text()
    # the fixture says where the problem is: every result names a node of the fixture's own file
    assert all(r.file.endswith(path.name) for r in report.results), report.to_text()


def test_every_shape_has_a_valid_and_an_invalid_fixture():
    node_shapes = {s for s in shapes_in_file() if "-" not in s}
    with_valid = {f"shapes:{p.name.split('-valid')[0]}" for p in VALID}
    with_invalid = {f"shapes:{p.name.split('-invalid-')[0]}" for p in INVALID}
    assert node_shapes - with_valid == set(), "node shapes without a -valid fixture"
    assert node_shapes - with_invalid == set(), "node shapes without an -invalid- fixture"
    # every named property shape fires in at least one invalid fixture
    expected_somewhere = {s for p in INVALID for s in header(p, "expect")}
    property_shapes = shapes_in_file() - node_shapes
    assert property_shapes - expected_somewhere == set(), "property shapes no fixture makes fire"


def test_every_shape_in_the_file_is_known_to_the_validator(shapes):
    """The regular expression above finds the same shapes as the parsed shapes graph."""
    import pyoxigraph as ox

    sh = "http://www.w3.org/ns/shacl#"
    typed = {shorten(t.subject.value) for t in shapes if t.predicate.value.endswith("#type")
             and t.object in (ox.NamedNode(sh + "NodeShape"), ox.NamedNode(sh + "PropertyShape"))
             and isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(SHAPES)}
    assert typed == shapes_in_file()
