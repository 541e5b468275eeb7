"""The RELEX content rebuilt from public sources obeys the legend's rules (issue 3), on the real data."""

from __future__ import annotations

from helpers import ROOT, select
from jhaan_kg.query import bind_parameters, load_catalogue

CATALOGUE = load_catalogue(ROOT / "queries")


def run(kg, name, **params):
    solutions = kg.query(bind_parameters(CATALOGUE[name], params))
    names = [v.value for v in solutions.variables]
    return names, [{n: (s[n].value if s[n] is not None else "") for n in names} for s in solutions]


def test_every_instrument_is_typed_from_the_legend_and_sourced_with_a_url(kg):
    rows = select(kg, """SELECT ?i WHERE { ?i a jhaan:CooperationInstrument .
        FILTER (NOT EXISTS { ?i jhaan:instrumentType/skos:inScheme <https://w3id.org/jhaan-kg/concept/instrument-type> }
             || NOT EXISTS { ?i dcterms:source ?s FILTER (STRSTARTS(STR(?s), "http") && !STRSTARTS(STR(?s), "https://w3id.org/jhaan-kg/")) }
                        && NOT EXISTS { ?i dcterms:source/dcterms:isPartOf/jhaan:seedFile ?f }) }""")
    assert rows == []


def test_no_frontex_instrument_with_a_schengen_associated_state(kg):
    rows = select(kg, """SELECT ?i WHERE { ?i jhaan:agency agency:frontex ; jhaan:counterpart ?c .
        ?c jhaan:countryGroup <https://w3id.org/jhaan-kg/concept/country-group/schengen-associated> }""")
    assert rows == []


def test_every_suspension_or_hold_is_dated_and_explained(kg):
    rows = select(kg, """SELECT ?i WHERE { ?i jhaan:statusChange ?c . ?c jhaan:status ?s .
        FILTER (?s IN (istatus:suspended, istatus:on-hold))
        FILTER (NOT EXISTS { ?c jhaan:statusDate|jhaan:statusNotBefore ?d } || NOT EXISTS { ?c jhaan:reason ?r }) }""")
    assert rows == []
    assert len(select(kg, "SELECT ?c WHERE { ?c jhaan:status istatus:suspended }")) >= 3


def test_status_agreements_are_frontex_and_concluded_by_the_eu(kg):
    rows = select(kg, """SELECT ?a ?by WHERE { ?i jhaan:instrumentType itype:eu-status-agreement ;
        jhaan:agency/jhaan:acronym ?a . OPTIONAL { ?i jhaan:concludedBy ?by } }""")
    assert rows and {r["a"] for r in rows} == {"Frontex"}
    assert {r["by"] for r in rows} == {"https://w3id.org/jhaan-kg/id/organisation/eu"}


def test_relex_instruments_has_exactly_the_agreed_columns(kg):
    names, rows = run(kg, "relex-instruments")
    assert names == ["agency", "counterpart", "iso2", "type", "signed", "status", "personal_data", "source"]
    assert len(rows) >= 150
    assert {r["agency"] for r in rows} >= {"Europol", "Eurojust", "Frontex", "CEPOL", "EUAA", "eu-LISA", "EMCDDA", "FRA"}


def test_as_of_drops_instruments_signed_later_and_reads_status_then(kg):
    _, now = run(kg, "relex-instruments")
    _, then = run(kg, "relex-instruments", as_of="2017-12-31")
    assert then and all(not r["signed"] or r["signed"][:10] <= "2017-12-31" for r in then)  # undated: every date
    assert len(then) < len(now)
    russia = lambda rows: {r["status"] for r in rows if r["iso2"] == "RU" and r["agency"] == "Europol"}
    assert russia(then) == {"Active"} and russia(now) == {"Suspended"}


def test_a_hostile_parameter_value_matches_nothing(kg):
    import pytest

    from jhaan_kg.errors import QueryError

    with pytest.raises(QueryError):
        run(kg, "relex-instruments", as_of='2017-12-31"^^xsd:date) } UNION { ?s ?p ?o } #')
    _, rows = run(kg, "empact-involvement", agency='Frontex" } UNION { ?s ?p ?o } #')
    assert rows == []


def test_the_coverage_table_in_graph_readme_matches_the_data(kg):
    from jhaan_kg.steward.coverage import END, START, coverage_table

    readme = (ROOT / "graph" / "README.md").read_text(encoding="utf-8")
    table = readme.split(START, 1)[1].split(END, 1)[0].strip()
    assert table == coverage_table(kg).strip()
