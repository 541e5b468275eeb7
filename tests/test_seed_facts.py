"""Facts of the source documents (../shared/seeds) are in the graph, exactly as the documents state them."""

from __future__ import annotations

import pytest

from helpers import select

NINE = {"CEPOL", "EIGE", "EMCDDA", "EUAA", "eu-LISA", "Eurojust", "Europol", "FRA", "Frontex"}


def acronyms(rows, key="a"):
    return {r[key] for r in rows}


def test_the_nine_agencies_are_members_of_the_network(kg):
    rows = select(kg, """SELECT ?a WHERE { ?m a org:Membership ; org:member ?x ; org:organization network:jhaan ;
                                               org:role <https://w3id.org/jhaan-kg/concept/network-role/member> .
                                            ?x a jhaan:Agency ; jhaan:acronym ?a }""")
    assert acronyms(rows) >= NINE and len(NINE) == 9


def test_the_five_observers(kg):
    rows = select(kg, """SELECT ?x WHERE { ?m org:member ?x ; org:organization network:jhaan ;
                                            org:role <https://w3id.org/jhaan-kg/concept/network-role/observer> }""")
    assert {r["x"].rsplit("/", 1)[-1] for r in rows} == {"dg-home", "dg-just", "eeas", "libe-secretariat", "gsc"}


def test_both_founding_years_are_kept_with_their_own_sources(kg):
    rows = select(kg, """SELECT ?year ?doc WHERE { network:jhaan jhaan:hasClaim ?c .
                            ?c rdf:predicate jhaan:foundingYear ; rdf:object ?year ; dcterms:source ?s .
                            ?s dcterms:isPartOf? ?doc . ?doc jhaan:seedFile ?f }""")
    years = {(r["year"], r["doc"].rsplit("/", 1)[-1]) for r in rows}
    assert ("2006", "priorities-2017") in years and ("2010", "report-2023") in years
    assert select(kg, "SELECT ?y WHERE { network:jhaan jhaan:foundingYear ?y }") == []


def test_chairs_by_year(kg):
    rows = select(kg, """SELECT ?year ?a WHERE { ?c a jhaan:Chairmanship ; jhaan:chairOf network:jhaan ;
                                                 jhaan:year ?year ; jhaan:agency/jhaan:acronym ?a }""")
    assert {(r["year"], r["a"]) for r in rows} == {("2016", "FRA"), ("2017", "EMCDDA"), ("2022", "CEPOL"),
                                                 ("2023", "EUAA"), ("2024", "eu-LISA")}


def test_the_trio_is_cepol_euaa_and_eu_lisa_for_2022_to_2024(kg):
    rows = select(kg, """SELECT ?t ?a ?from ?to WHERE { ?t a jhaan:TrioPresidency ; jhaan:trioMember/jhaan:acronym ?a ;
                                                       jhaan:startYear ?from ; jhaan:endYear ?to }""")
    assert {r["a"] for r in rows} == {"CEPOL", "EUAA", "eu-LISA"}
    assert {(r["from"], r["to"]) for r in rows} == {("2022", "2024")}


def test_working_groups_and_their_permanent_chairs(kg):
    rows = select(kg, """SELECT ?wg ?a ?permanent WHERE { ?c a jhaan:Chairmanship ; jhaan:chairOf ?wg ;
                             jhaan:agency/jhaan:acronym ?a . ?wg a jhaan:WorkingGroup .
                             OPTIONAL { ?c jhaan:isPermanent ?permanent } }""")
    chairs = {(r["wg"].rsplit("/", 1)[-1], r["a"]) for r in rows}
    assert ("wg-training", "CEPOL") in chairs and ("wg-situation-monitoring", "Frontex") in chairs
    assert ("security-officers-network", "eu-LISA") in chairs
    for wg in ("wg-communication", "wg-ict-cybersecurity", "wg-data-protection", "wg-external-relations"):
        assert (wg, "EUAA") in chairs
    assert len(select(kg, "SELECT ?wg WHERE { ?wg a jhaan:WorkingGroup }")) == 7


def participants(kg, event_filter: str) -> set[str]:
    rows = select(kg, f"""SELECT ?who WHERE {{ ?e a jhaan:Event ; prov:qualifiedAssociation ?as . {event_filter}
                              ?as prov:agent ?x ; prov:hadRole ?role .
                              OPTIONAL {{ ?x jhaan:acronym ?acr }} BIND(COALESCE(?acr, STR(?x)) AS ?who) }}""")
    return {r["who"] for r in rows}


WORKING_GROUP_MEETINGS = {
    # (working group, date): the organisations the report names as taking part, any role (§5.2)
    ("wg-ict-cybersecurity", "2023-07-06"): {"EUAA", "CEPOL", "EMCDDA", "eu-LISA", "Eurojust", "Europol", "FRA",
                                             "Frontex", "DG HOME", "DG JUST"},
    ("wg-data-protection", "2023-04-20"): {"EUAA", "CEPOL", "eu-LISA", "Eurojust", "Europol", "FRA", "Frontex", "EPPO"},
    ("wg-data-protection", "2023-12-11"): {"EUAA", "CEPOL", "EIGE", "eu-LISA", "Eurojust", "Europol", "FRA", "Frontex",
                                           "EPPO"},
    ("wg-external-relations", "2023-10-12"): NINE | {"DG HOME", "DG INTPA", "DG NEAR", "EEAS"},
    ("wg-training", "2023-09-21"): {"CEPOL", "EMCDDA", "EUAA", "eu-LISA", "Europol", "Frontex", "EPPO", "EUCPN",
                                    "ENISA", "EUIPO", "ETF", "EMSA"},
    ("wg-situation-monitoring", "2023-10-17"): {"eu-LISA", "Eurojust", "Europol", "EUAA", "Frontex"},
    ("security-officers-network", "2023-03-08"): {"EMCDDA", "EUAA", "eu-LISA", "Eurojust", "Europol", "FRA"},
    ("security-officers-network", "2023-09-13"): {"CEPOL", "EMCDDA", "EUAA", "eu-LISA", "Eurojust", "FRA"},
}


@pytest.mark.parametrize("wg,date", sorted(WORKING_GROUP_MEETINGS))
def test_working_group_meeting_participants_are_exactly_those_the_report_names(kg, wg, date):
    found = participants(kg, f'?e jhaan:ofWorkingGroup network:{wg} ; jhaan:startDate "{date}"^^xsd:date .')
    assert found == WORKING_GROUP_MEETINGS[(wg, date)]


def test_every_2023_timeline_entry_is_an_event(kg):
    rows = select(kg, """SELECT DISTINCT ?e WHERE { ?e a jhaan:Event ; dcterms:source citation:report-2023-s4 }""")
    assert len(rows) >= 36  # 38 entries in the §4 timeline, two of them planned for 2024 without a day


@pytest.mark.parametrize("words,dates", [("what", {"2023-11-15", "2023-11-16"}),
                                         ("trio contact points", {"2023-08-12", "2023-08-31"})])
def test_dates_the_report_gives_twice_are_both_kept_with_their_sections(kg, words, dates):
    rows = select(kg, f"""SELECT ?claimed ?loc WHERE {{ ?e a jhaan:Event ; rdfs:label ?l ; jhaan:hasClaim ?c .
                            FILTER CONTAINS(LCASE(?l), "{words}")
                            ?c rdf:predicate jhaan:startDate ; rdf:object ?claimed ; dcterms:source/jhaan:locator ?loc }}""")
    assert {r["claimed"] for r in rows} == dates
    assert len({r["loc"] for r in rows}) >= 2


def test_empact_priorities_are_table_1(kg):
    rows = select(kg, """SELECT ?no ?name ?abbr ?oap WHERE { ?p a jhaan:EmpactPriority ; jhaan:inCycle empact:cycle-2022-2025 ;
                            jhaan:priorityNumber ?no ; skos:prefLabel ?name ; jhaan:abbreviation ?abbr ; jhaan:oapNumber ?oap }
                         ORDER BY ?no""")
    assert [(int(r["no"]), r["abbr"], r["oap"]) for r in rows] == [
        (1, "HRCN", "1"), (2, "CYBER", "2"), (3, "THB", "3"), (4, "CSE", "4"), (5, "MIGR", "5"), (6, "CCH", "6.1"),
        (7, "SYD-NPS", "6.2"), (8, "OFS", "7.1"), (9, "EXC", "7.2"), (10, "MTIC", "7.3"), (11, "IPRCGC", "7.4"),
        (12, "CFMLAR", "7.5"), (13, "OPC", "8"), (14, "Envi", "9"), (15, "FIA", "10")]
    assert rows[10]["name"] == "Intellectual Property Crime, Counterfeit Goods and Currencies"


def test_the_relex_legend_and_its_seven_footnotes_are_data(kg):
    rows = select(kg, """SELECT ?n WHERE { ?f a jhaan:Footnote ; jhaan:footnoteOf ?i ; jhaan:footnoteNumber ?n ;
                                           rdfs:comment ?text ; dcterms:source ?s .
                                        <https://w3id.org/jhaan-kg/concept/instrument-type> jhaan:legendOf ?i }""")
    assert sorted(int(r["n"]) for r in rows) == list(range(1, 8))


def test_footnotes_point_at_what_they_qualify(kg):
    rows = select(kg, """SELECT ?thing ?n WHERE { ?thing jhaan:footnote ?f . ?f jhaan:footnoteNumber ?n }""")
    pairs = {(r["thing"].rsplit("/", 1)[-1], int(r["n"])) for r in rows}
    assert {("frontex", 2), ("emcdda", 3), ("xk", 4)} <= pairs


def test_ct_just_is_a_capacity_building_programme_not_an_instrument(kg):
    rows = select(kg, """SELECT ?c WHERE { ?p a jhaan:CapacityBuildingProgramme ; rdfs:label ?l ; jhaan:partnerCountry/jhaan:iso2 ?c .
                                           FILTER CONTAINS(?l, "CT JUST") }""")
    assert {r["c"] for r in rows} == {"IQ", "JO", "LB", "EG", "MA"}
    assert select(kg, """SELECT ?i WHERE { ?i a jhaan:CooperationInstrument ; rdfs:label ?l . FILTER CONTAINS(?l, "CT JUST") }""") == []


def test_the_twelve_highlights_of_section_9(kg):
    rows = select(kg, """SELECT DISTINCT ?p WHERE { ?p a jhaan:JointProject ; dcterms:source ?s .
                            ?s jhaan:locator ?loc . FILTER STRSTARTS(?loc, "§9.") }""")
    assert len(rows) >= 12


def test_every_fact_node_in_graph_has_a_source(kg):
    rows = select(kg, """SELECT ?x ?t WHERE { ?x a ?t . FILTER STRSTARTS(STR(?t), STR(jhaan:))
                            FILTER (?t NOT IN (jhaan:SourceDocument, jhaan:Citation))
                            FILTER NOT EXISTS { ?x dcterms:source ?s } }""")
    assert rows == []
