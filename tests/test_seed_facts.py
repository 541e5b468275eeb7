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
                                    "ENISA", "EUIPO", "ETF", "EMSA",
                                    # CEPOL's International Cooperation Unit, named as giving a presentation
                                    "https://w3id.org/jhaan-kg/id/organisation/cepol-international-cooperation-unit"},
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


# ---------------------------------------------------------------------------------------------------------------
# Section by section: every number, date, place, role and party a seed states about the network's life is a
# triple whose node cites that section (issue 21, item 10). One test per seed section; graph/research/seed-audit.md
# says what each section states and how the graph holds it (or why it does not).
# ---------------------------------------------------------------------------------------------------------------

CITATION = "https://w3id.org/jhaan-kg/id/citation/"  # written out: pyoxigraph reads no dotted local name such as report-2023-s5.1.1

MORE = """PREFIX project: <https://w3id.org/jhaan-kg/id/project/>
PREFIX count: <https://w3id.org/jhaan-kg/concept/count-kind/>
PREFIX pkind: <https://w3id.org/jhaan-kg/concept/product-kind/>
PREFIX ekind: <https://w3id.org/jhaan-kg/concept/event-kind/>
PREFIX eformat: <https://w3id.org/jhaan-kg/concept/event-format/>
PREFIX ckind: <https://w3id.org/jhaan-kg/concept/cooperation-kind/>
PREFIX locn: <http://www.w3.org/ns/locn#>
"""


def local(iri: str | None) -> str | None:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1] if iri else iri


def cited(kg, node: str, citation: str) -> bool:
    """`node` (a prefixed name) names the seed section `citation` (for example "report-2023-s6.5.1") as a source."""
    return bool(select(kg, MORE + f"SELECT ?s WHERE {{ {node} dcterms:source <{CITATION}{citation}> BIND(1 AS ?s) }}"))


def values(kg, node: str, path: str, citation: str) -> set[str]:
    """The values of `path` on `node`, which must cite `citation`."""
    assert cited(kg, node, citation), f"{node} does not cite {citation}"
    return {r["v"] for r in select(kg, MORE + f"SELECT ?v WHERE {{ {node} {path} ?v }}")}


def roles(kg, node: str, citation: str) -> set[tuple[str, str]]:
    """(agent, role) of the participations of `node` that cite `citation`, agent and role by local name."""
    rows = select(kg, MORE + f"""SELECT ?agent ?role WHERE {{ {node} prov:qualifiedAssociation ?a .
                                  ?a prov:agent ?agent ; prov:hadRole ?role ; dcterms:source <{CITATION}{citation}> }}""")
    return {(local(r["agent"]), local(r["role"])) for r in rows}


def counts(kg, node: str, citation: str) -> dict[str, tuple[int, str | None]]:
    """{kind: (number, qualifier)} of the stated counts of `node` that cite `citation`."""
    rows = select(kg, MORE + f"""SELECT ?kind ?n ?q WHERE {{ {node} jhaan:statedCount ?c .
                                  ?c a jhaan:StatedCount ; jhaan:countOf ?kind ; rdf:value ?n ; dcterms:source <{CITATION}{citation}> .
                                  OPTIONAL {{ ?c jhaan:countQualifier ?q }} }}""")
    return {local(r["kind"]): (int(r["n"]), r["q"]) for r in rows}


def event(kg, node: str, citation: str) -> dict[str, set[str]]:
    """Date, end, period, format, kind, places (local names), participants count, edition of an event citing `citation`."""
    assert cited(kg, node, citation), f"{node} does not cite {citation}"
    out = {}
    for key, path in [("start", "jhaan:startDate"), ("end", "jhaan:endDate"), ("period", "jhaan:period"),
                      ("format", "jhaan:eventFormat"), ("kind", "jhaan:eventKind"), ("place", "jhaan:place"),
                      ("people", "jhaan:participantCount"), ("qualifier", "jhaan:countQualifier"),
                      ("edition", "jhaan:editionNumber"), ("subject", "dcterms:subject")]:
        vals = {r["v"] for r in select(kg, MORE + f"SELECT ?v WHERE {{ {node} {path} ?v }}")}
        out[key] = {local(v) if key in ("format", "kind", "place", "subject") else v for v in vals}
    return out


# --- 001, the Final Report 2023 ---------------------------------------------------------------------------------

def test_report_2023_cover_names_the_nine_agencies(kg):
    rows = select(kg, """SELECT ?a ?name WHERE { ?x a jhaan:Agency ; jhaan:acronym ?a ; skos:prefLabel ?name ;
                                                    dcterms:source citation:report-2023-cover }""")
    names = {r["a"]: r["name"] for r in rows}
    assert set(names) == NINE
    assert names["eu-LISA"].startswith("EU Agency for the Operational Management of Large-Scale IT Systems")


def test_report_2023_s1_foreword(kg):
    assert values(kg, "network:chair-2023", "jhaan:agency", "report-2023-s1") == {"https://w3id.org/jhaan-kg/id/agency/euaa"}
    assert values(kg, "network:chair-2023", "jhaan:period", "report-2023-s1") == {"from January 2023"}
    assert values(kg, "network:chair-2023-preparation", "jhaan:period", "report-2023-s1") == {"early 2022"}
    assert local(next(iter(values(kg, "network:chair-2023-preparation", "prov:wasAssociatedWith", "report-2023-s1")))) == "euaa"
    assert values(kg, "network:chair-2024", "jhaan:agency", "report-2023-s1") == {"https://w3id.org/jhaan-kg/id/agency/eu-lisa"}
    rows = select(kg, """SELECT ?o WHERE { ?p jhaan:priorityOf network:chair-2023 ; jhaan:order ?o ;
                                           dcterms:source citation:report-2023-s1 }""")
    assert sorted(int(r["o"]) for r in rows) == [1, 2, 3, 4, 5]


def test_report_2023_s2_about_the_network(kg):
    rows = select(kg, """SELECT ?x ?role WHERE { network:jhaan org:hasMembership ?m . ?m org:member ?x ; org:role ?role ;
                                                  dcterms:source citation:report-2023-s2 }""")
    assert sum(local(r["role"]) == "member" for r in rows) == 9 and sum(local(r["role"]) == "observer" for r in rows) == 5
    assert {local(v) for v in values(kg, "network:trio-2022-2024", "jhaan:trioMember", "report-2023-s2")} == {"cepol", "euaa", "eu-lisa"}
    assert values(kg, "network:trio-2022-2024", "jhaan:startYear", "report-2023-s2") == {"2022"}
    assert values(kg, "network:trio-2022-2024", "jhaan:endYear", "report-2023-s2") == {"2024"}
    assert values(kg, "network:trio-2022-2024", "jhaan:editionNumber", "report-2023-s2") == {"1"}  # "the first Trio"
    trio = select(kg, """SELECT ?p WHERE { ?p jhaan:priorityOf network:trio-2022-2024 ; dcterms:source citation:report-2023-s2 }""")
    assert len(trio) == 3
    assert values(kg, "network:product-assessment-report-2021", "dcterms:issued", "report-2023-s2") == {"2021"}


def test_report_2023_s3_executive_summary(kg):
    assert event(kg, "event:2023-06-13-digitalisation-conference", "report-2023-s3")["place"] == {"malta"}
    assert event(kg, "event:2023-09-19-cybersecurity-exercise-managers", "report-2023-s3")["place"] == {"malta"}
    assert event(kg, "event:2023-11-21-heads-of-agencies", "report-2023-s3")["place"] == {"euaa-headquarters"}
    assert event(kg, "event:2023-12-05-brussels-briefing", "report-2023-s3")["place"] == {"brussels"}
    formats = {e: event(kg, f"event:{e}", "report-2023-s3")["format"] for e in (
        "2023-03-17-regular-contact-points", "2023-06-12-regular-contact-points", "2023-09-05-regular-contact-points",
        "2023-01-30-adhoc-contact-points-information-provision", "2023-10-25-adhoc-contact-points",
        "2023-06-01-seminar-information-provision-how", "2023-11-15-seminar-information-provision-what",
        "2023-05-04-technical-cybersecurity-exercise", "2023-07-05-meeting-reporting-methodologies",
        "2023-11-24-exchange-spd", "2023-06-09-workshop-communication-member-states", "2023-09-22-open-market",
        "2023-10-19-digital-learning-workshop")}
    assert formats == {"2023-03-17-regular-contact-points": {"hybrid"}, "2023-06-12-regular-contact-points": {"online"},
                       "2023-09-05-regular-contact-points": {"hybrid"},
                       "2023-01-30-adhoc-contact-points-information-provision": {"online"},
                       "2023-10-25-adhoc-contact-points": {"online"}, "2023-06-01-seminar-information-provision-how": {"hybrid"},
                       "2023-11-15-seminar-information-provision-what": {"online"},
                       "2023-05-04-technical-cybersecurity-exercise": {"online"},
                       "2023-07-05-meeting-reporting-methodologies": {"hybrid"}, "2023-11-24-exchange-spd": {"online"},
                       "2023-06-09-workshop-communication-member-states": {"hybrid"}, "2023-09-22-open-market": {"online"},
                       "2023-10-19-digital-learning-workshop": {"hybrid"}}
    staff = event(kg, "event:2023-staff-exchange-programme", "report-2023-s3")
    assert staff["people"] == {"60"} and staff["qualifier"] == {"almost"}
    assert values(kg, "network:product-ukraine-joint-paper-2023", "dcterms:issued", "report-2023-s3") == {"2023-03"}
    assert values(kg, "network:product-green-deal-survey-report-2023", "dcterms:issued", "report-2023-s3") == {"2023-07"}
    assert values(kg, "network:initiative-ukraine-joint-paper", "jhaan:startYear", "report-2023-s3") == {"2022"}
    trio_dates = select(kg, MORE + """SELECT ?d WHERE {
        ?e jhaan:eventKind ekind:trio-meeting ; jhaan:eventFormat eformat:online ; dcterms:source citation:report-2023-s3 .
        { ?e jhaan:startDate ?d } UNION
        { ?e jhaan:hasClaim [ rdf:predicate jhaan:startDate ; rdf:object ?d ; dcterms:source citation:report-2023-s3 ] } }""")
    assert {r["d"] for r in trio_dates} == {"2023-01-25", "2023-02-17", "2023-05-26", "2023-08-31"}


TIMELINE = ["2023-01-25", "2023-01-30", "2023-02-17", "2023-02-22", "2023-03-17", "2023-03-22", "2023-04-20", "2023-05-04",
            "2023-05-26", "2023-06-01", "2023-06-08", "2023-06-08", "2023-06-09", "2023-06-12", "2023-06-13", "2023-07-05",
            "2023-07-06", "2023-08-12", "2023-09-05", "2023-09-19", "2023-09-21", "2023-09-22", "2023-10-12", "2023-10-17",
            "2023-10-19", "2023-10-25", "2023-11-15", "2023-11-20", "2023-11-21", "2023-11-24", "2023-12-05", "2023-12-05",
            "2023-12-11", "2023-12-13"]


def test_report_2023_s4_timeline(kg):
    rows = select(kg, """SELECT ?e ?d WHERE { ?e a jhaan:Event ; dcterms:source citation:report-2023-s4 .
                                              { ?e jhaan:startDate ?d } UNION
                                              { ?e jhaan:hasClaim [ rdf:predicate jhaan:startDate ; rdf:object ?d ;
                                                                    dcterms:source citation:report-2023-s4 ] } }""")
    assert sorted(r["d"] for r in rows) == TIMELINE
    ends = {r["e"].rsplit("/", 1)[-1]: r["d"] for r in select(kg, """SELECT ?e ?d WHERE {
        ?e dcterms:source citation:report-2023-s4 ; jhaan:endDate ?d }""")}
    assert ends == {"2023-06-01-seminar-information-provision-how": "2023-06-02",
                    "2023-06-13-digitalisation-conference": "2023-06-14",
                    "2023-10-17-wg-situation-monitoring": "2023-10-18", "2023-10-19-digital-learning-workshop": "2023-10-20"}
    planned = select(kg, """SELECT ?p WHERE { ?e dcterms:source citation:report-2023-s4 ; jhaan:period ?p ;
                                                 jhaan:eventKind <https://w3id.org/jhaan-kg/concept/event-kind/presentation> }""")
    assert [r["p"] for r in planned] == ["Q1-2 2024", "Q1-2 2024"]


def test_report_2023_s5_1_1_heads_of_agencies_meeting(kg):
    e = event(kg, "event:2023-11-21-heads-of-agencies", "report-2023-s5.1.1")
    assert e["start"] == {"2023-11-21"} and e["place"] == {"euaa-headquarters"}
    assert values(kg, "place:euaa-headquarters", "jhaan:inCountry", "report-2023-s5.1.1") == {"https://w3id.org/jhaan-kg/id/country/mt"}
    assert roles(kg, "event:2023-11-21-heads-of-agencies", "report-2023-s5.1.1") >= {
        ("euaa", "host"), ("dg-home", "observer"), ("dg-just", "observer"), ("eeas", "observer"), ("gsc", "observer"),
        ("libe-secretariat", "observer"), ("presidency-be-2024", "participant"), ("euan", "participant"),
        ("european-commission", "speaker"), ("jhaan", "participant")}


def test_report_2023_s5_1_2_crisis_communication_coaching(kg):
    e = event(kg, "event:2023-11-20-crisis-communication-coaching", "report-2023-s5.1.2")
    assert e["start"] == {"2023-11-20"} and e["format"] == {"in-person"} and e["place"] == {"valletta", "euaa-headquarters"}
    assert values(kg, "place:euaa-headquarters", "dcterms:isPartOf", "report-2023-s5.1.2") == {"https://w3id.org/jhaan-kg/id/place/valletta"}
    assert roles(kg, "event:2023-11-20-crisis-communication-coaching", "report-2023-s5.1.2") == {("euaa", "host"), ("jhaan", "participant")}


def test_report_2023_s5_1_3_trio_meetings_with_incoming_presidencies(kg):
    for node, date, presidency in [("event:2023-06-08-trio-spanish-presidency", "2023-06-08", "presidency-es-2023"),
                                   ("event:2023-12-05-trio-belgian-presidency", "2023-12-05", "presidency-be-2024")]:
        assert event(kg, node, "report-2023-s5.1.3")["start"] == {date}
        assert roles(kg, node, "report-2023-s5.1.3") >= {("cepol", "participant"), ("euaa", "participant"),
                                                           ("eu-lisa", "participant"), ("euaa", "organiser"),
                                                           (presidency, "participant")}
        assert values(kg, node, "dcterms:isPartOf", "report-2023-s5.1.3") == {
            "https://w3id.org/jhaan-kg/id/network/initiative-trio-presidency-meetings"}
    assert values(kg, "network:initiative-trio-presidency-meetings", "jhaan:startYear", "report-2023-s5.1.3") == {"2022"}
    assert values(kg, "network:initiative-trio-presidency-meetings", "prov:wasInfluencedBy", "report-2023-s5.1.3") == {
        "https://w3id.org/jhaan-kg/id/network/product-assessment-report-2021"}
    assert values(kg, "organisation:presidency-es-2023", "jhaan:heldBy", "report-2023-s5.1.3") == {"https://w3id.org/jhaan-kg/id/country/es"}


OBSERVERS = {("dg-home", "observer"), ("dg-just", "observer"), ("eeas", "observer"), ("gsc", "observer"),
             ("libe-secretariat", "observer")}


def test_report_2023_s5_1_4_contact_point_meetings(kg):
    regular = {e: event(kg, f"event:{e}", "report-2023-s5.1.4") for e in (
        "2023-03-17-regular-contact-points", "2023-06-12-regular-contact-points", "2023-09-05-regular-contact-points")}
    assert regular["2023-03-17-regular-contact-points"]["place"] == {"malta"}
    assert regular["2023-09-05-regular-contact-points"]["place"] == {"malta"}
    assert regular["2023-06-12-regular-contact-points"]["format"] == {"online"}
    for e in regular:
        assert roles(kg, f"event:{e}", "report-2023-s5.1.4") >= OBSERVERS | {("euaa", "participant")}
    assert ("euan-shared-support-office", "participant") in roles(kg, "event:2023-03-17-regular-contact-points", "report-2023-s5.1.4")
    assert ("euan-shared-support-office", "participant") not in roles(kg, "event:2023-09-05-regular-contact-points", "report-2023-s5.1.4")
    assert values(kg, "event:2023-01-30-adhoc-contact-points-information-provision", "jhaan:topic", "report-2023-s5.1.4") == {
        "information provision in mixed migration situations"}
    assert values(kg, "event:2023-10-25-adhoc-contact-points", "jhaan:topic", "report-2023-s5.1.4") == {
        "joint preparation of the Heads of Agencies meeting"}
    assert counts(kg, "network:product-assessment-report-2021", "report-2023-s5.1.4") == {"year-covered": (10, None)}


def test_report_2023_s5_1_5_trio_coordination_meetings(kg):
    rows = select(kg, """SELECT ?e WHERE { ?e jhaan:eventKind <https://w3id.org/jhaan-kg/concept/event-kind/trio-meeting> ;
                                              dcterms:source <https://w3id.org/jhaan-kg/id/citation/report-2023-s5.1.5> }""")
    assert len(rows) == 4
    for r in rows:
        assert roles(kg, f"<{r['e']}>", "report-2023-s5.1.5") >= {("cepol", "participant"), ("euaa", "participant"),
                                                                   ("eu-lisa", "participant")}


def test_report_2023_s5_2_working_groups(kg):
    groups = select(kg, """SELECT ?wg WHERE { ?wg a jhaan:WorkingGroup ; org:unitOf network:jhaan ;
                                              dcterms:source <https://w3id.org/jhaan-kg/id/citation/report-2023-s5.2> }""")
    assert len(groups) == 7
    assert values(kg, "network:security-officers-network", "dcterms:created", "report-2023-s5.2") == {"2022-11"}
    chaired = select(kg, """SELECT ?e WHERE { ?e jhaan:ofWorkingGroup ?wg ; prov:qualifiedAssociation [ prov:agent agency:euaa ;
                               prov:hadRole prole:chair ] . VALUES ?wg { network:wg-communication network:wg-ict-cybersecurity
                               network:wg-data-protection network:wg-external-relations } }""")
    assert len(chaired) == 5  # the four groups the EUAA chaired, data protection twice


def test_report_2023_s5_2_1_communication_working_group_and_workshop(kg):
    wg = event(kg, "event:2023-06-08-wg-communication", "report-2023-s5.2.1")
    assert wg["start"] == {"2023-06-08"} and wg["format"] == {"hybrid"}
    assert roles(kg, "event:2023-06-08-wg-communication", "report-2023-s5.2.1") >= {
        ("euaa", "organiser"), ("eurojust", "speaker"), ("european-commission", "participant")}
    ws = event(kg, "event:2023-06-09-workshop-communication-member-states", "report-2023-s5.2.1")
    assert ws["start"] == {"2023-06-09"} and ws["format"] == {"hybrid"}
    assert counts(kg, "event:2023-06-09-workshop-communication-member-states", "report-2023-s5.2.1") == {
        "participating-country": (13, None)}
    assert roles(kg, "event:2023-06-09-workshop-communication-member-states", "report-2023-s5.2.1") >= {
        ("euaa", "organiser"), ("euaa", "speaker"), ("european-commission", "participant"),
        ("euaa-communication-multipliers-network", "participant")}


def test_report_2023_s5_2_2_ict_and_cybersecurity_working_group(kg):
    e = event(kg, "event:2023-07-06-wg-ict-cybersecurity", "report-2023-s5.2.2")
    assert e["start"] == {"2023-07-06"} and e["format"] == {"online"}
    assert roles(kg, "event:2023-07-06-wg-ict-cybersecurity", "report-2023-s5.2.2") >= {
        ("eurojust", "speaker"), ("eu-lisa", "speaker"), ("euaa", "speaker"), ("dg-home", "participant"), ("dg-just", "participant")}


def test_report_2023_s5_2_3_data_protection_working_group(kg):
    first = event(kg, "event:2023-04-20-wg-data-protection", "report-2023-s5.2.3")
    second = event(kg, "event:2023-12-11-wg-data-protection", "report-2023-s5.2.3")
    assert (first["start"], first["format"], first["edition"]) == ({"2023-04-20"}, {"online"}, {"1"})
    assert (second["start"], second["format"], second["edition"]) == ({"2023-12-11"}, {"online"}, {"2"})
    assert second["subject"] == {"edps"}
    for node in ("event:2023-04-20-wg-data-protection", "event:2023-12-11-wg-data-protection"):
        assert {("euaa", "chair"), ("eppo", "participant")} <= roles(kg, node, "report-2023-s5.2.3")
    assert ("eige", "participant") in roles(kg, "event:2023-12-11-wg-data-protection", "report-2023-s5.2.3")
    assert ("eige", "participant") not in roles(kg, "event:2023-04-20-wg-data-protection", "report-2023-s5.2.3")


def test_report_2023_s5_2_4_external_relations_working_group(kg):
    e = event(kg, "event:2023-10-12-wg-external-relations", "report-2023-s5.2.4")
    assert e["start"] == {"2023-10-12"} and e["format"] == {"online"}
    assert roles(kg, "event:2023-10-12-wg-external-relations", "report-2023-s5.2.4") >= {
        ("euaa", "chair"), ("dg-home", "participant"), ("dg-intpa", "participant"), ("dg-near", "participant"),
        ("eeas", "participant")}


def test_report_2023_s5_2_5_training_working_group(kg):
    e = event(kg, "event:2023-09-21-wg-training", "report-2023-s5.2.5")
    assert e["start"] == {"2023-09-21"} and e["format"] == {"hybrid"} and e["place"] == {"budapest"}
    assert roles(kg, "event:2023-09-21-wg-training", "report-2023-s5.2.5") >= {
        ("cepol", "host"), ("cepol", "speaker"), ("cepol-international-cooperation-unit", "speaker"), ("euipo", "speaker")}


def test_report_2023_s5_2_6_situation_monitoring_working_group(kg):
    e = event(kg, "event:2023-10-17-wg-situation-monitoring", "report-2023-s5.2.6")
    assert e["start"] == {"2023-10-17"} and e["end"] == {"2023-10-18"} and e["subject"] == {"frontex-situation-centre"}
    assert ("frontex", "organiser") in roles(kg, "event:2023-10-17-wg-situation-monitoring", "report-2023-s5.2.6")


def test_report_2023_s5_2_7_security_officers_network(kg):
    first = event(kg, "event:2023-03-08-security-officers-network", "report-2023-s5.2.7")
    second = event(kg, "event:2023-09-13-security-officers-network", "report-2023-s5.2.7")
    assert (first["start"], first["people"], first["edition"]) == ({"2023-03-08"}, {"9"}, {"1"})
    assert (second["start"], second["people"], second["edition"], second["format"]) == ({"2023-09-13"}, {"10"}, {"2"}, {"hybrid"})
    for e in (first, second):
        assert e["place"] == {"brussels", "eu-lisa-liaison-office"}
    assert values(kg, "place:eu-lisa-liaison-office", "org:siteOf", "report-2023-s5.2.7") == {"https://w3id.org/jhaan-kg/id/agency/eu-lisa"}
    assert ("eu-lisa", "chair") in roles(kg, "event:2023-09-13-security-officers-network", "report-2023-s5.2.7")
    assert ("cepol", "participant") not in roles(kg, "event:2023-03-08-security-officers-network", "report-2023-s5.2.7")


def test_report_2023_s6_thematic_events(kg):
    e = event(kg, "event:2022-11-heads-of-agencies-budapest", "report-2023-s6")
    assert e["place"] == {"budapest"} and e["period"] == {"November 2022"}
    rows = select(kg, """SELECT ?p WHERE { ?p jhaan:priorityOf network:chair-2023 ; dcterms:source citation:report-2023-s6 }""")
    assert len(rows) == 5


def test_report_2023_s6_1_digitalisation(kg):
    assert values(kg, "network:priority-trio-2022-2024-digitalisation", "jhaan:startYear", "report-2023-s6.1") == {"2022"}
    assert values(kg, "network:priority-2023-digitalisation", "dcterms:relation", "report-2023-s6.1") == {
        "https://w3id.org/jhaan-kg/id/network/priority-trio-2022-2024-digitalisation"}


def test_report_2023_s6_1_1_conference_on_digital_innovation(kg):
    e = event(kg, "event:2023-06-13-digitalisation-conference", "report-2023-s6.1.1")
    assert e["start"] == {"2023-06-13"} and e["end"] == {"2023-06-14"}
    assert counts(kg, "event:2023-06-13-digitalisation-conference", "report-2023-s6.1.1") == {"participating-country": (24, None)}
    assert roles(kg, "event:2023-06-13-digitalisation-conference", "report-2023-s6.1.1") == {
        ("euaa", "organiser"), ("gdisc", "organiser"), ("igc", "organiser"), ("us", "participant"),
        ("european-commission", "participant"), ("eu-lisa", "participant"), ("fra", "participant"),
        ("eurojust", "participant"), ("frontex", "participant"), ("europol", "participant")}
    assert values(kg, "event:2023-06-13-digitalisation-conference", "dcterms:relation", "report-2023-s6.1.1") == {
        "https://w3id.org/jhaan-kg/id/event/2021-thematic-meeting"}


def test_report_2023_s6_1_2_digital_learning_workshop(kg):
    e = event(kg, "event:2023-10-19-digital-learning-workshop", "report-2023-s6.1.2")
    assert e["start"] == {"2023-10-19"} and e["end"] == {"2023-10-20"} and e["place"] == {"malta"}
    found = roles(kg, "event:2023-10-19-digital-learning-workshop", "report-2023-s6.1.2")
    assert {a for a, r in found if r == "participant"} == {"cepol", "eige", "emcdda", "eu-lisa", "euaa", "eurojust",
                                                           "europol", "fra", "frontex", "coe"}
    nxt = event(kg, "event:2024-digital-learning-meeting", "report-2023-s6.1.2")
    assert nxt["period"] == {"2024"}
    assert roles(kg, "event:2024-digital-learning-meeting", "report-2023-s6.1.2") == {("eu-lisa", "organiser")}


def test_report_2023_s6_2_green_deal(kg):
    assert values(kg, "network:survey-green-deal-2023", "jhaan:startDate", "report-2023-s6.2") == {"2023-02-23"}
    assert len(values(kg, "network:survey-green-deal-2023", "jhaan:topic", "report-2023-s6.2")) == 4
    assert counts(kg, "network:survey-green-deal-2023", "report-2023-s6.2") == {"survey-question": (19, None)}
    assert counts(kg, "network:product-green-deal-survey-report-2023", "report-2023-s6.2") == {"recommendation": (3, None)}
    assert values(kg, "network:product-green-deal-survey-report-2023", "dcterms:issued", "report-2023-s6.2") == {"2023-07"}
    assert values(kg, "network:product-green-deal-statement-2021", "dcterms:date", "report-2023-s6.2") == {"2021"}


def test_report_2023_s6_3_1_information_provision_survey(kg):
    assert local(next(iter(values(kg, "network:survey-information-provision-2023", "prov:wasAssociatedWith",
                                  "report-2023-s6.3.1")))) == "euaa"


def test_report_2023_s6_3_2_seminar_how(kg):
    e = event(kg, "event:2023-06-01-seminar-information-provision-how", "report-2023-s6.3.2")
    assert e["start"] == {"2023-06-01"} and e["end"] == {"2023-06-02"} and e["format"] == {"hybrid"}
    assert e["place"] == {"euaa-headquarters"}
    assert {a for a, r in roles(kg, "event:2023-06-01-seminar-information-provision-how", "report-2023-s6.3.2")
            if r == "participant"} == {"emcdda", "eu-lisa", "frontex", "eige", "fra", "cepol"}


def test_report_2023_s6_3_3_seminar_what(kg):
    e = event(kg, "event:2023-11-15-seminar-information-provision-what", "report-2023-s6.3.3")
    assert e["format"] == {"online"} and e["subject"] == {"it"}
    assert {a for a, r in roles(kg, "event:2023-11-15-seminar-information-provision-what", "report-2023-s6.3.3")
            if r == "participant"} == {"cepol", "eu-lisa", "europol", "fra", "frontex", "european-commission"}


def test_report_2023_s6_4_1_technical_cybersecurity_exercise(kg):
    e = event(kg, "event:2023-05-04-technical-cybersecurity-exercise", "report-2023-s6.4.1")
    assert e["start"] == {"2023-05-04"} and e["format"] == {"online"} and e["people"] == {"12"}
    assert counts(kg, "event:2023-05-04-technical-cybersecurity-exercise", "report-2023-s6.4.1") == {"exercise-challenge": (12, None)}
    found = roles(kg, "event:2023-05-04-technical-cybersecurity-exercise", "report-2023-s6.4.1")
    assert {a for a, r in found if r == "participant"} == {"cepol", "eige", "emcdda", "eu-lisa", "europol", "frontex"}
    assert ("htb", "host") in found and ("euaa", "organiser") in found


def test_report_2023_s6_4_2_cybersecurity_exercise_for_managers(kg):
    e = event(kg, "event:2023-09-19-cybersecurity-exercise-managers", "report-2023-s6.4.2")
    assert e["start"] == {"2023-09-19"} and e["format"] == {"hybrid"}
    assert counts(kg, "event:2023-09-19-cybersecurity-exercise-managers", "report-2023-s6.4.2") == {
        "scenario-inject": (6, None), "breakout-group": (3, None)}
    found = roles(kg, "event:2023-09-19-cybersecurity-exercise-managers", "report-2023-s6.4.2")
    assert ("eu-lisa", "contributor") in found
    assert {a for a, r in found if r == "participant"} == {"cepol", "eige", "eu-lisa", "eurojust", "europol", "frontex", "fra"}


def test_report_2023_s6_4_3_cybersecurity_at_executive_level(kg):
    assert values(kg, "event:2023-11-21-heads-of-agencies", "jhaan:underPriority", "report-2023-s6.4.3") == {
        "https://w3id.org/jhaan-kg/id/network/priority-2023-cybersecurity"}


def test_report_2023_s6_5_1_staff_exchange_programme(kg):
    node = "event:2023-staff-exchange-programme"
    assert counts(kg, node, "report-2023-s6.5.1") == {"hosting-offer": (59, None), "sending-offer": (90, None),
                                                      "exchange-match": (59, None)}
    assert event(kg, node, "report-2023-s6.5.1")["edition"] == {"1"}
    assert {a for a, r in roles(kg, node, "report-2023-s6.5.1") if r == "participant"} == {
        "cepol", "eige", "euaa", "eu-lisa", "fra", "frontex"}
    assert ("euaa", "organiser") in roles(kg, node, "report-2023-s6.5.1")


def test_report_2023_s6_5_2_reporting_methodologies(kg):
    e = event(kg, "event:2023-07-05-meeting-reporting-methodologies", "report-2023-s6.5.2")
    assert e["start"] == {"2023-07-05"} and e["place"] == {"brussels"} and e["subject"] == {"publications-office"}
    assert roles(kg, "event:2023-07-05-meeting-reporting-methodologies", "report-2023-s6.5.2") >= {
        ("euaa", "organiser"), ("eprs", "participant"), ("dg-home-e2", "participant")}
    for year in ("2020", "2021"):
        assert event(kg, f"event:{year}-meeting-reporting-methodologies", "report-2023-s6.5.2")["period"] == {year}


def test_report_2023_s6_5_3_open_market(kg):
    e = event(kg, "event:2023-09-22-open-market", "report-2023-s6.5.3")
    assert e["start"] == {"2023-09-22"} and e["people"] == {"300"} and e["qualifier"] == {"over"}
    assert counts(kg, "event:2023-09-22-open-market", "report-2023-s6.5.3") == {"round": (4, None)}
    assert ("jhaan", "speaker") in roles(kg, "event:2023-09-22-open-market", "report-2023-s6.5.3")
    assert values(kg, "network:product-video-2023", "dcterms:issued", "report-2023-s6.5.3") == {"2023-09-22"}


def test_report_2023_s6_5_4_exchange_on_programming_documents(kg):
    e = event(kg, "event:2023-11-24-exchange-spd", "report-2023-s6.5.4")
    assert e["start"] == {"2023-11-24"} and e["format"] == {"online"}
    found = roles(kg, "event:2023-11-24-exchange-spd", "report-2023-s6.5.4")
    assert {a for a, r in found if r == "participant"} == {"cepol", "emcdda", "eu-lisa", "eurojust", "europol", "frontex"}
    assert {a for a, r in found if r == "speaker"} == {"euaa", "cepol", "eu-lisa", "eurojust"}
    assert event(kg, "event:2023-05-bilateral-meetings-spd", "report-2023-s6.5.4")["period"] == {"May to July 2023"}
    assert local(next(iter(values(kg, "network:survey-spd-future-meetings", "prov:wasAssociatedWith", "report-2023-s6.5.4")))) == "euaa"


def test_report_2023_s6_5_5_brussels_briefing(kg):
    e = event(kg, "event:2023-12-05-brussels-briefing", "report-2023-s6.5.5")
    assert e["start"] == {"2023-12-05"} and e["people"] == {"60"} and e["qualifier"] == {"over"}
    assert {a for a, r in roles(kg, "event:2023-12-05-brussels-briefing", "report-2023-s6.5.5") if r == "speaker"} == {
        "cepol", "eu-lisa", "euaa", "jhaan"}
    assert ("euaa", "host") in roles(kg, "event:2023-12-05-brussels-briefing", "report-2023-s6.5.5")


def test_report_2023_s6_5_6_promotional_products(kg):
    rows = select(kg, MORE + """SELECT ?p ?kind WHERE { ?p a jhaan:NetworkProduct ; dcterms:type ?kind ;
                                   prov:qualifiedAttribution [ prov:agent agency:euaa ; prov:hadRole prole:organiser ;
                                                               dcterms:source <https://w3id.org/jhaan-kg/id/citation/report-2023-s6.5.6> ] }""")
    assert {local(r["kind"]) for r in rows} == {"video", "brochure", "newsletter"}


def test_report_2023_s7_1_charter_exchange(kg):
    e = event(kg, "event:2023-12-13-charter-exchange", "report-2023-s7.1")
    assert e["start"] == {"2023-12-13"} and e["people"] == {"32"} and e["edition"] == {"4"}
    assert roles(kg, "event:2023-12-13-charter-exchange", "report-2023-s7.1") >= {
        ("fra", "organiser"), ("fra", "chair"), ("ecdc", "participant"), ("eurofound", "participant"), ("dg-just", "observer")}
    pilot = event(kg, "event:2023-charterxchange-pilot", "report-2023-s7.1")
    assert pilot["people"] == {"700"} and pilot["qualifier"] == {"more than"}
    assert counts(kg, "event:2023-charterxchange-pilot", "report-2023-s7.1") == {"practitioner-participant": (350, "more than")}
    assert values(kg, "project:charter-joint-statement-2019", "jhaan:period", "report-2023-s7.1") == {"November 2019"}
    planned = event(kg, "event:2024-12-charter-exchange", "report-2023-s7.1")
    assert planned["period"] == {"December 2024"} and planned["format"] == {"online"}


def test_report_2023_s8_1_joint_paper_on_ukraine(kg):
    node = "network:product-ukraine-joint-paper-2023"
    assert values(kg, node, "dcterms:issued", "report-2023-s8.1") == {"2023-03"}
    assert values(kg, node, "dcterms:temporal", "report-2023-s8.1") == {"February 2022 to February 2023"}
    assert {local(c) for c in values(kg, node, "dcterms:subject", "report-2023-s8.1")} == {"ua", "md"}
    update = "network:product-ukraine-joint-paper-2024"
    assert values(kg, update, "jhaan:period", "report-2023-s8.1") == {"Q1 2024"}
    assert values(kg, update, "prov:wasRevisionOf", "report-2023-s8.1") == {"https://w3id.org/jhaan-kg/id/network/product-ukraine-joint-paper-2023"}


def test_report_2023_s9_1_cepol_emcdda(kg):
    assert values(kg, "project:cepol-emcdda-drugs-training", "jhaan:startYear", "report-2023-s9.1") == {"2008"}
    assert values(kg, "project:cepol-emcdda-elearning-space", "jhaan:startYear", "report-2023-s9.1") == {"2023"}
    assert roles(kg, "project:cepol-emcdda-elearning-space", "report-2023-s9.1") == {
        ("cepol", "service-provider"), ("emcdda", "service-recipient")}
    assert roles(kg, "project:emcdda-cepol-otna", "report-2023-s9.1") == {("emcdda", "contributor"), ("cepol", "lead")}
    assert roles(kg, "project:cepol-emcdda-drug-supply-indicators", "report-2023-s9.1") == {("cepol", "contributor"), ("emcdda", "lead")}


def test_report_2023_s9_2_europol_eurojust_core_international_crimes(kg):
    rows = select(kg, MORE + """SELECT ?d WHERE { project:europol-eurojust-core-international-crimes prov:wasInfluencedBy ?x .
                                   ?x dcterms:date ?d ; dcterms:source <https://w3id.org/jhaan-kg/id/citation/report-2023-s9.2> }""")
    assert [r["d"] for r in rows] == ["2022-06-01"]
    assert roles(kg, "project:jit-ukraine", "report-2023-s9.2") == {("eurojust", "partner"), ("europol", "partner")}
    assert values(kg, "project:jit-ukraine", "jhaan:period", "report-2023-s9.2") == {"at the onset of the war in Ukraine"}


def test_report_2023_s9_3_booklets_for_guardians(kg):
    assert roles(kg, "project:euaa-fra-guardians-booklets", "report-2023-s9.3") == {("euaa", "partner"), ("fra", "partner")}
    rows = select(kg, MORE + """SELECT ?p WHERE { project:euaa-fra-guardians-booklets prov:generated ?b .
                                   ?b jhaan:period ?p ; dcterms:source <https://w3id.org/jhaan-kg/id/citation/report-2023-s9.3> }""")
    assert [r["p"] for r in rows] == ["early 2024"]


def test_report_2023_s9_4_empact_operational_action_plans(kg):
    rows = select(kg, """SELECT ?a ?plans ?ops ?jads WHERE { ?i a jhaan:EmpactInvolvement ; jhaan:agency/jhaan:acronym ?a ;
                            dcterms:source <https://w3id.org/jhaan-kg/id/citation/report-2023-s9.4> .
                            OPTIONAL { ?i jhaan:actionPlanCount ?plans } OPTIONAL { ?i jhaan:operationalActionCount ?ops }
                            OPTIONAL { ?i jhaan:jointActionDayCount ?jads } }""")
    figures = {(r["a"], r["plans"], r["ops"], r["jads"]) for r in rows}
    assert {("Frontex", "11", None, "7"), ("Frontex", None, "11", None), ("Europol", None, "11", None)} <= figures
    assert {r["a"] for r in rows} >= {"Frontex", "Europol", "Eurojust"}
    assert counts(kg, "project:jad-global-chain-2023", "report-2023-s9.4") == {"participating-country": (44, None)}
    assert roles(kg, "project:jad-global-chain-2023", "report-2023-s9.4") >= {("at", "partner"), ("interpol", "partner")}
    assert {local(v) for v in values(kg, "project:jad-global-chain-2023", "dcterms:spatial", "report-2023-s9.4")} == {"ua"}
    assert ("eurojust-national-desks", "contributor") in roles(kg, "project:empact-2023-frontex-europol-eurojust", "report-2023-s9.4")
    assert ("frontex-standing-corps", "participant") in roles(kg, "project:frontex-europol-cri-counter-terrorism", "report-2023-s9.4")


def test_report_2023_s9_5_violence_against_women_survey(kg):
    node = "project:fra-eige-vaw-survey-ii"
    assert counts(kg, node, "report-2023-s9.5") == {"covered-country": (8, None)}
    assert roles(kg, node, "report-2023-s9.5") == {("fra", "partner"), ("eige", "partner"),
                                                   ("european-commission", "contributor"), ("eurostat", "contributor")}
    rows = select(kg, MORE + f"SELECT ?p WHERE {{ {node} prov:generated [ jhaan:period ?p ; dcterms:source <https://w3id.org/jhaan-kg/id/citation/report-2023-s9.5> ] }}")
    assert [r["p"] for r in rows] == ["by the end of 2024"]


def test_report_2023_s9_6_schengen_information_system(kg):
    node = "project:eu-lisa-sis-recast-access"
    rows = select(kg, MORE + f"SELECT ?d WHERE {{ {node} prov:used [ dcterms:date ?d ; dcterms:source <https://w3id.org/jhaan-kg/id/citation/report-2023-s9.6> ] }}")
    assert [r["d"] for r in rows] == ["2023-03"]
    assert roles(kg, node, "report-2023-s9.6") == {("eu-lisa", "partner"), ("frontex", "partner"), ("eurojust", "partner"),
                                                   ("europol", "partner"), ("eurojust-national-desks", "participant")}


def test_report_2023_s9_7_innovation_hub(kg):
    assert roles(kg, "project:eu-innovation-hub", "report-2023-s9.7") >= {
        ("europol", "host"), ("european-commission", "partner"), ("gsc", "partner"), ("ctc-office", "partner")}
    assert values(kg, "project:eu-innovation-hub-thematic-clusters", "jhaan:startYear", "report-2023-s9.7") == {"2024"}
    assert roles(kg, "project:eu-innovation-hub-thematic-clusters", "report-2023-s9.7") == {("jhaan", "lead")}
    assert len(values(kg, "project:eu-innovation-hub-thematic-clusters", "jhaan:topic", "report-2023-s9.7")) == 4


def test_report_2023_s9_8_data_centre_hosting(kg):
    for node, client in [("project:eu-lisa-euaa-data-centre-sla", "euaa"), ("project:eu-lisa-frontex-data-centre-sla", "frontex")]:
        assert roles(kg, node, "report-2023-s9.8") == {("eu-lisa", "service-provider"), (client, "service-recipient"),
                                                       ("eu-lisa-infrastructure-management-unit", "service-provider")}
        assert values(kg, node, "jhaan:startYear", "report-2023-s9.8") == {"2014"}
        assert {local(p) for p in values(kg, node, "jhaan:place", "report-2023-s9.8")} == {"strasbourg"}
        assert local(next(iter(values(kg, node, "jhaan:cooperationKind", "report-2023-s9.8")))) == "service-level-agreement"


def test_report_2023_s9_9_substance_use_in_reception(kg):
    node = "project:euaa-emcdda-reception-substance-use"
    assert values(kg, node, "jhaan:startYear", "report-2023-s9.9") == {"2021"}
    rows = select(kg, MORE + f"SELECT ?d WHERE {{ {node} prov:generated [ dcterms:issued ?d ; dcterms:source <https://w3id.org/jhaan-kg/id/citation/report-2023-s9.9> ] }}")
    assert [r["d"] for r in rows] == ["2023-10"]


def test_report_2023_s9_10_lets_speak_asylum(kg):
    node = "project:euaa-lets-speak-asylum"
    assert roles(kg, node, "report-2023-s9.10") == {("euaa", "lead"), ("cepol", "contributor"), ("fra", "contributor"),
                                                    ("frontex", "contributor")}
    rows = select(kg, MORE + f"SELECT ?d WHERE {{ {node} prov:generated [ dcterms:issued ?d ; dcterms:creator agency:euaa ; dcterms:source <https://w3id.org/jhaan-kg/id/citation/report-2023-s9.10> ] }}")
    assert [r["d"] for r in rows] == ["2023"]


def test_report_2023_s9_11_fundamental_rights_officers(kg):
    e = event(kg, "event:2023-06-16-fra-fro-meeting", "report-2023-s9.11")
    assert e["start"] == {"2023-06-16"} and e["place"] == {"vienna"}
    assert roles(kg, "event:2023-06-16-fra-fro-meeting", "report-2023-s9.11") >= {
        ("fra", "host"), ("euaa", "participant"), ("europol", "participant"), ("frontex", "participant")}
    assert values(kg, "project:fra-fro-exchanges", "jhaan:startDate", "report-2023-s9.11") == {"2023-06-16"}
    assert roles(kg, "project:fra-frontex-media-training", "report-2023-s9.11") == {
        ("fra", "lead"), ("frontex", "partner"), ("frontex-fro-office", "participant")}


def test_report_2023_s9_12_european_protection_order(kg):
    node = "project:eige-eurojust-epo-assessment"
    assert values(kg, node, "jhaan:startYear", "report-2023-s9.12") == {"2023"}
    assert roles(kg, node, "report-2023-s9.12") == {("eige", "partner"), ("eurojust", "partner")}
    rows = select(kg, MORE + f"SELECT ?p WHERE {{ {node} prov:generated [ jhaan:period ?p ; dcterms:source <https://w3id.org/jhaan-kg/id/citation/report-2023-s9.12> ] }}")
    assert [r["p"] for r in rows] == ["2024"]


def test_report_2023_s10_priorities_for_2024(kg):
    rows = select(kg, """SELECT ?o ?l WHERE { ?p jhaan:priorityOf network:chair-2024 ; jhaan:order ?o ; rdfs:label ?l ;
                                               jhaan:year "2024"^^xsd:gYear ; dcterms:source citation:report-2023-s10 } ORDER BY ?o""")
    assert [int(r["o"]) for r in rows] == [1, 2, 3, 4]
    assert rows[3]["l"].startswith("Identifying key JHA priorities")
    assert cited(kg, "network:product-ukraine-joint-paper-2024", "report-2023-s10")
    assert cited(kg, "event:2024-12-charter-exchange", "report-2023-s10")


def test_report_2023_s11_1_relex_footnotes_as_data(kg):
    assert values(kg, "network:relex-footnote-3", "jhaan:endYear", "report-2023-s11.1") == {"2015"}
    assert any("1244/1999" in v for v in values(kg, "country:xk", "jhaan:designationNote", "report-2023-s11.1"))
    rows = select(kg, """SELECT ?d WHERE { ?i jhaan:statusChange ?c . ?c jhaan:footnote network:relex-footnote-5 ;
                                           jhaan:statusDate ?d ; dcterms:source <https://w3id.org/jhaan-kg/id/citation/report-2023-s11.1> }""")
    assert {r["d"] for r in rows} == {"2023-07-26"}
    legend = select(kg, """SELECT ?o WHERE { ?c skos:inScheme <https://w3id.org/jhaan-kg/concept/instrument-type> ;
                                             jhaan:legendOrder ?o }""")
    assert sorted(int(r["o"]) for r in legend) == list(range(1, 9))


def test_report_2023_s11_2_empact_annex_names_six_agencies(kg):
    rows = select(kg, """SELECT ?a WHERE { ?i a jhaan:EmpactInvolvement ; jhaan:year "2023"^^xsd:gYear ;
                                           jhaan:agency/jhaan:acronym ?a ; dcterms:source <https://w3id.org/jhaan-kg/id/citation/report-2023-s11.2> }""")
    assert {r["a"] for r in rows} == {"Europol", "Eurojust", "Frontex", "CEPOL", "eu-LISA", "EMCDDA"}


# --- 004, the priorities of 2017 --------------------------------------------------------------------------------

def test_priorities_2017_intro(kg):
    rows = select(kg, """SELECT ?x WHERE { network:jhaan org:hasMembership [ org:member ?x ;
                                           dcterms:source citation:priorities-2017-intro ] }""")
    assert len(rows) == 9
    assert local(next(iter(values(kg, "network:chair-2017", "jhaan:agency", "priorities-2017-intro")))) == "emcdda"
    assert local(next(iter(values(kg, "network:chair-2016", "jhaan:agency", "priorities-2017-intro")))) == "fra"
    assert values(kg, "network:product-scorecard-2017", "jhaan:year", "priorities-2017-intro") == {"2017"}
    editions = {e: event(kg, f"event:{e}", "priorities-2017-intro")["edition"] for e in (
        "2017-02-09-network-meeting", "2017-06-20-network-meeting", "2017-09-28-network-meeting", "2017-11-09-heads-of-agencies")}
    assert editions == {"2017-02-09-network-meeting": {"1"}, "2017-06-20-network-meeting": {"2"},
                        "2017-09-28-network-meeting": {"3"}, "2017-11-09-heads-of-agencies": {"4"}}
    assert roles(kg, "event:2017-11-09-heads-of-agencies", "priorities-2017-intro") >= {
        ("dg-home", "participant"), ("dg-just", "participant"), ("eeas", "participant"), ("gsc", "participant"),
        ("libe-secretariat", "participant"), ("olaf", "participant")}
    assert ("emcdda", "participant") in roles(kg, "event:2017-end-report-cosi", "priorities-2017-intro")


def test_priorities_2017_outlook(kg):
    rows = select(kg, """SELECT ?area ?o WHERE { ?p jhaan:priorityOf network:chair-2017 ; jhaan:priorityArea ?area ;
                                                 jhaan:order ?o ; dcterms:source citation:priorities-2017-outlook }""")
    assert sorted((r["area"], int(r["o"])) for r in rows) == [("horizontal", 1), ("horizontal", 2), ("horizontal", 3),
                                                               ("horizontal", 4), ("thematic", 1), ("thematic", 2), ("thematic", 3)]


def test_priorities_2017_s1_1_migration_asylum_borders(kg):
    assert roles(kg, "project:eurosur-fusion-services-2017", "priorities-2017-s1.1") == {
        ("frontex", "partner"), ("emsa", "partner"), ("efca", "partner"), ("europol", "partner"), ("maoc-n", "partner")}
    assert {local(o) for o in values(kg, "network:priority-2017-migration", "dcterms:relation", "priorities-2017-s1.1")} >= {
        "hleg-information-systems-interoperability", "eu-anti-trafficking-coordinator"}
    assert cited(kg, "network:product-toolbox-migration", "priorities-2017-s1.1")


def test_priorities_2017_s1_2_internal_security(kg):
    assert {local(o) for o in values(kg, "network:priority-2017-internal-security", "dcterms:relation", "priorities-2017-s1.2")} >= {
        "cycle-2018-2021", "ctc-office"}
    assert values(kg, "empact:cycle-2018-2021", "jhaan:startYear", "priorities-2017-s1.2") == {"2018"}
    assert values(kg, "empact:cycle-2018-2021", "jhaan:endYear", "priorities-2017-s1.2") == {"2021"}
    assert roles(kg, "project:thb-agencies-coordination-group", "priorities-2017-s1.2") == {
        ("jhaan", "participant"), ("eu-anti-trafficking-coordinator", "organiser")}
    assert cited(kg, "network:product-toolbox-ftf", "priorities-2017-s1.2")


def test_priorities_2017_s1_3_internet_and_new_technologies(kg):
    e = event(kg, "event:2017-04-20-expert-meeting-internet", "priorities-2017-s1.3")
    assert e["start"] == {"2017-04-20"} and e["end"] == {"2017-04-21"} and e["place"] == {"lisbon"}
    assert values(kg, "network:product-internet-expert-meeting-report-2017", "prov:wasGeneratedBy", "priorities-2017-s1.3") == {
        "https://w3id.org/jhaan-kg/id/event/2017-04-20-expert-meeting-internet"}
    assert len(values(kg, "network:priority-2017-internet", "jhaan:topic", "priorities-2017-s1.3")) == 6


def test_priorities_2017_s2_1_coordination_ict(kg):
    assert {a for a, r in roles(kg, "project:euci-multilateral-agreement", "priorities-2017-s2.1")} == {
        "cepol", "eige", "emcdda", "eu-lisa", "euaa", "eurojust", "europol", "fra", "frontex"}
    assert roles(kg, "project:eu-lisa-extranet-repository-2017", "priorities-2017-s2.1") == {
        ("eu-lisa", "service-provider"), ("jhaan", "service-recipient")}
    assert {local(o) for o in values(kg, "network:priority-2017-coordination-ict", "dcterms:relation", "priorities-2017-s2.1")} == {
        "enisa", "inter-agency-ict-managers-network", "hleg-information-systems-interoperability"}


def test_priorities_2017_s2_2_training(kg):
    assert roles(kg, "project:lets-training-2017", "priorities-2017-s2.2") == {("cepol", "lead"), ("jhaan", "contributor")}
    assert {local(o) for o in values(kg, "network:priority-2017-training", "dcterms:relation", "priorities-2017-s2.2")} == {"ejtn"}
    assert local(next(iter(values(kg, "network:product-cepol-training-matrix", "prov:wasAttributedTo", "priorities-2017-s2.2")))) == "cepol"


def test_priorities_2017_s2_3_external_relations(kg):
    assert {local(o) for o in values(kg, "network:priority-2017-external-relations", "dcterms:relation", "priorities-2017-s2.3")} == {
        "european-commission", "eeas", "european-security-and-defence-college", "eu-delegations"}
    assert cited(kg, "network:product-relex-matrix", "priorities-2017-s2.3")


def test_priorities_2017_s2_4_communication(kg):
    rows = select(kg, """SELECT ?e ?period ?body WHERE { ?e jhaan:eventKind <https://w3id.org/jhaan-kg/concept/event-kind/presentation> ;
                            jhaan:period ?period ; dcterms:source <https://w3id.org/jhaan-kg/id/citation/priorities-2017-s2.4> ;
                            prov:qualifiedAssociation [ prov:agent ?body ] . VALUES ?body { organisation:cosi organisation:libe } }""")
    assert {(r["period"], local(r["body"])) for r in rows} == {("beginning of 2017", "cosi"), ("beginning of 2017", "libe"),
                                                              ("end of 2017", "cosi"), ("end of 2017", "libe")}
    releases = select(kg, MORE + """SELECT ?period ?about WHERE { ?p a jhaan:NetworkProduct ; dcterms:type pkind:news-release ;
                                       jhaan:period ?period ; dcterms:subject ?about ; dcterms:source <https://w3id.org/jhaan-kg/id/citation/priorities-2017-s2.4> }""")
    assert {(r["period"], local(r["about"])) for r in releases} == {("April 2017", "2017-04-20-expert-meeting-internet"),
                                                                    ("November 2017", "2017-11-09-heads-of-agencies")}
    assert cited(kg, "network:product-video-earlier", "priorities-2017-s2.4")
    assert cited(kg, "network:product-brochure", "priorities-2017-s2.4")


def test_priorities_2017_s3_meeting_calendar(kg):
    rows = select(kg, """SELECT ?e ?start ?place WHERE { ?e a jhaan:Event ; dcterms:source citation:priorities-2017-s3 ;
                                                        jhaan:startDate ?start ; jhaan:place ?place }""")
    found = {(r["start"], local(r["place"])) for r in rows}
    assert found == {("2017-02-09", "lisbon"), ("2017-06-20", "lisbon"), ("2017-09-28", "lisbon"), ("2017-11-09", "lisbon"),
                     ("2017-04-20", "lisbon"), ("2017-05-19", "brussels"), ("2017-06-09", "lisbon"), ("2017-06-19", "lisbon")}
    hosted = {local(r["e"]) for r in select(kg, """SELECT ?e WHERE { ?e jhaan:place place:lisbon ;
        prov:qualifiedAssociation [ prov:agent agency:emcdda ; prov:hadRole prole:host ; dcterms:source citation:priorities-2017-s3 ] }""")}
    assert len(hosted) == 7


# --- 000, 002, 003 ----------------------------------------------------------------------------------------------

def test_jai_net_2024(kg):
    node = "event:2024-12-04-jai-net-17"
    e = event(kg, node, "jai-net-2024")
    assert (e["start"], e["end"], e["edition"], e["people"], e["qualifier"]) == (
        {"2024-12-04"}, {"2024-12-05"}, {"17"}, {"90"}, {"more than"})
    assert e["subject"] == {"ly", "tn"}
    assert counts(kg, node, "jai-net-2024") == {"session": (4, None)}
    assert roles(kg, node, "jai-net-2024") == {
        ("dg-near", "organiser"), ("dg-near", "participant"), ("dg-fisma", "participant"), ("dg-home", "participant"),
        ("dg-home", "speaker"), ("dg-intpa", "participant"), ("dg-just", "participant"), ("secretariat-general", "participant"),
        ("eu-delegations", "participant"), ("university-of-oslo", "participant"), ("university-of-oslo", "speaker")}
    assert values(kg, "source:jai-net-2024", "dcterms:issued", "jai-net-2024") == {"2024-12-13"}


def test_informal_jha_ministers_2024(kg):
    node = "event:2024-01-24-informal-jha-ministers"
    e = event(kg, node, "informal-jha-2024")
    assert (e["start"], e["end"], e["place"], e["subject"]) == ({"2024-01-24"}, {"2024-01-26"}, {"brussels", "egmont-palace"}, {"ua"})
    assert values(kg, node, "prov:startedAtTime", "informal-jha-2024") == {"2024-01-24T08:15:00"}
    assert counts(kg, node, "informal-jha-2024") == {"priority-action": (3, None)}
    assert counts(kg, "organisation:presidency-be-2024", "informal-jha-2024") == {"priority-action": (10, None)}
    assert roles(kg, node, "informal-jha-2024") == {("presidency-be-2024", "organiser"), ("presidency-be-2024", "speaker"),
                                                    ("european-commission", "participant"), ("european-commission", "speaker")}
    rows = select(kg, MORE + """SELECT ?street ?number ?code ?town WHERE { place:egmont-palace locn:address [
                                  locn:thoroughfare ?street ; locn:locatorDesignator ?number ; locn:postCode ?code ;
                                  locn:postName ?town ; dcterms:source citation:informal-jha-2024 ] }""")
    assert [(r["street"], r["number"], r["code"], r["town"]) for r in rows] == [
        ("Place du Petit Sablon / Kleine Zavel", "8", "1000", "Brussels")]
    assert values(kg, "event:2024-01-european-ports-alliance-launch", "dcterms:relation", "informal-jha-2024") == {
        "https://w3id.org/jhaan-kg/id/event/2024-01-24-informal-jha-ministers"}


def test_ct_just_workshop_malaga_2024(kg):
    node = "event:2024-11-ct-just-workshop-malaga"
    e = event(kg, node, "ct-just-malaga-2024")
    assert e["place"] == {"malaga"} and e["period"] == {"week of 6 November 2024"} and e["subject"] == {"iq", "sy"}
    assert roles(kg, node, "ct-just-malaga-2024") == {
        (c, "participant") for c in ("iq", "jo", "lb", "eg", "ma", "es", "fr", "international-university-of-rabat",
                                     "eurojust", "europol")} | {("eurojust", "speaker")}
    assert values(kg, node, "dcterms:isPartOf", "ct-just-malaga-2024") == {"https://w3id.org/jhaan-kg/id/project/ct-just"}
    assert local(next(iter(values(kg, "project:ct-just", "jhaan:fundedBy", "ct-just-malaga-2024")))) == "eu"
    assert values(kg, "source:ct-just-malaga-2024", "dcterms:issued", "ct-just-malaga-2024") == {"2024-11-06"}
