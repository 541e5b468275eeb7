"""What is wrong never gets in (issue 21): writes stay inside graph/, rules stay in ontology/, an instrument
given another agency moves to that agency's file."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from helpers import ONTOLOGY, ROOT, digest
from jhaan_kg.cli import main

PREFIXES = """@prefix jhaan: <https://w3id.org/jhaan-kg/ontology#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix shapes: <https://w3id.org/jhaan-kg/shapes#> .
@prefix agency: <https://w3id.org/jhaan-kg/id/agency/> .
@prefix instrument: <https://w3id.org/jhaan-kg/id/instrument/> .
@prefix itype: <https://w3id.org/jhaan-kg/concept/instrument-type/> .
"""


def update(graph, tmp_path, add: str | None = None, remove: str | None = None, *options):
    args = ["update", "--graph", str(graph), "--ontology", str(ONTOLOGY), "--apply", *options]
    for flag, text in (("--add", add), ("--remove", remove)):
        if text is not None:
            path = tmp_path / f"{flag[2:]}.ttl"
            path.write_text(PREFIXES + text, encoding="utf-8")
            args += [flag, str(path)]
    return CliRunner().invoke(main, args)


@pytest.mark.parametrize("agency", ["<https://w3id.org/jhaan-kg/id/agency/../../ontology/shapes-zz>",
                                    "<https://w3id.org/jhaan-kg/id/agency//tmp/jhaan-kg-escape>",
                                    "<https://w3id.org/jhaan-kg/id/agency/Europol>"])
def test_an_agency_iri_cannot_name_a_file_outside_graph(graph, tmp_path, agency):
    before, ontology = digest(graph), digest(ONTOLOGY)
    result = update(graph, tmp_path, f"{agency} a jhaan:Agency .\n<https://example.org/i> a jhaan:CooperationInstrument ; "
                                     f"jhaan:agency {agency} .\n")
    assert result.exit_code == 2 and "must end in a slug" in result.stderr
    assert digest(graph) == before and digest(ONTOLOGY) == ontology
    assert not (ROOT / "ontology" / "shapes-zz.ttl").exists()


@pytest.mark.parametrize("rule", [
    "shapes:CooperationInstrumentShape sh:deactivated true .",
    "<https://example.org/evil> a sh:NodeShape ; sh:targetClass jhaan:Agency ; sh:deactivated true .",
    "<https://example.org/x> owl:imports <https://example.org/evil> .",
    "jhaan:CooperationInstrument rdfs:subClassOf jhaan:Agency .",
    '<https://example.org/New> rdfs:subClassOf jhaan:Agency .',
    'itype:working-arrangement rdfs:label "Anything"@en .',
])
def test_a_change_that_carries_rules_is_refused_with_where_they_belong(graph, tmp_path, rule):
    before = digest(graph)
    result = update(graph, tmp_path, rule + "\n")
    assert result.exit_code == 2 and "belong in ontology/" in result.stderr, result.output
    assert digest(graph) == before


def test_an_instrument_given_another_agency_moves_to_that_agency_s_file(graph, tmp_path):
    iri = "instrument:frontex-tr-working-arrangement-2012"
    result = update(graph, tmp_path, f"{iri} jhaan:agency agency:europol .\n", f"{iri} jhaan:agency agency:frontex .\n")
    assert result.exit_code == 0, result.output
    assert "frontex-tr-working-arrangement-2012" not in (graph / "instruments" / "frontex.ttl").read_text()
    europol = (graph / "instruments" / "europol.ttl").read_text()
    assert "instrument:frontex-tr-working-arrangement-2012 a jhaan:CooperationInstrument" in europol
    assert CliRunner().invoke(main, ["validate", "--graph", str(graph), "--ontology", str(ONTOLOGY)]).exit_code == 0


def test_a_change_cannot_bring_its_own_agency_with_an_instrument(graph, tmp_path):
    before = digest(graph)
    result = update(graph, tmp_path, """
agency:newcomer a jhaan:Agency ; <http://www.w3.org/2004/02/skos/core#prefLabel> "Newcomer"@en ; jhaan:acronym "NEW" ;
    <http://purl.org/dc/terms/source> <https://www.frontex.europa.eu/what-we-do/beyond-eu-borders/working-arrangements/> .
<https://w3id.org/jhaan-kg/id/instrument/newcomer-rs-working-arrangement-2020> a jhaan:CooperationInstrument ;
    rdfs:label "Working arrangement between NEW and Serbia (2020)"@en ; jhaan:agency agency:newcomer ;
    jhaan:counterpart <https://w3id.org/jhaan-kg/id/country/rs> ; jhaan:instrumentType itype:working-arrangement ;
    jhaan:dateSigned "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> ;
    <http://purl.org/dc/terms/source> <https://www.frontex.europa.eu/what-we-do/beyond-eu-borders/working-arrangements/> .
""")
    assert result.exit_code == 1 and "shapes:NetworkAgencyShape" in result.output, result.output
    assert "is not a member or observer of an agencies network" in result.output
    assert digest(graph) == before


def test_taking_an_agency_out_of_the_network_is_checked_against_all_its_instruments(graph, tmp_path):
    text = (graph / "network.ttl").read_text(encoding="utf-8")
    membership = text[text.index("org:hasMembership [") + len("org:hasMembership "):].split("] , [")[0] + "]"
    assert "agency:cepol" in membership
    prefixes = "".join(line + "\n" for line in text.splitlines() if line.startswith("@prefix"))
    remove = tmp_path / "remove.ttl"
    remove.write_text(prefixes + f"network:jhaan org:hasMembership {membership} .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["update", "--graph", str(graph), "--ontology", str(ONTOLOGY), "--remove",
                                       str(remove)])
    assert result.exit_code == 1 and "shapes:NetworkAgencyShape" in result.output, result.output
    assert result.output.count("is not a member or observer") >= 5  # every CEPOL instrument
