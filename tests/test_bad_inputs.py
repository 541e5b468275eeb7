"""A corpus of bad inputs for `validate`, `update` and `import instruments`.

Each case gives the input, the exit code (2: the input cannot be read or used; 1: it breaks a shape),
a part of the message, and is run against a copy of graph/ in a temporary folder whose every file is
hashed before and after: no case may change a byte of it. Paths come from Path(__file__).
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from helpers import GRAPH, ONTOLOGY, digest
from jhaan_kg.cli import main

PREFIXES = """@prefix jhaan: <https://w3id.org/jhaan-kg/ontology#> .
@prefix agency: <https://w3id.org/jhaan-kg/id/agency/> .
@prefix country: <https://w3id.org/jhaan-kg/id/country/> .
@prefix organisation: <https://w3id.org/jhaan-kg/id/organisation/> .
@prefix instrument: <https://w3id.org/jhaan-kg/id/instrument/> .
@prefix event: <https://w3id.org/jhaan-kg/id/event/> .
@prefix itype: <https://w3id.org/jhaan-kg/concept/instrument-type/> .
@prefix istatus: <https://w3id.org/jhaan-kg/concept/instrument-status/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
SOURCE = '<https://example.org/s> a jhaan:SourceDocument ; dcterms:title "A source"@en .\n'


def instrument(name="frontex-jp", *, agency="agency:frontex", counterpart="country:jp", kind="itype:working-arrangement",
               signed='jhaan:dateSigned "2020-03-01"^^xsd:date ;', extra="", source="dcterms:source <https://example.org/s> ;") -> str:
    """One instrument as Turtle, right but for what the arguments change."""
    return PREFIXES + SOURCE + f"""instrument:{name} a jhaan:CooperationInstrument ; rdfs:label "Test instrument"@en ;
    jhaan:agency {agency} ; jhaan:counterpart {counterpart} ; jhaan:instrumentType {kind} ;
    {signed} {extra} {source}
    jhaan:allowsPersonalDataExchange false .
"""


HEADER = "agency,counterpart,iso2,type,signed,status,personal_data,source,status_date,reason\n"
GOOD_ROW = "Frontex,Japan,JP,Working arrangement,2020-03-01,Active,,https://example.org/s,,\n"


def row(**changes) -> str:
    """A CSV with one row, right but for the columns given."""
    values = dict(zip(HEADER.strip().split(","), GOOD_ROW.strip().split(",")))
    values.update(changes)
    return HEADER + ",".join(values.values()) + "\n"


def big_turtle_with_a_bad_last_line(path: Path) -> None:
    lines = ["@prefix ex: <http://example.org/> ."] + [f"ex:s{i} ex:p {i} ." for i in range(200_000)] + ["ex:last ex:p ."]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def big_turtle_with_one_unknown_term(path: Path) -> None:
    lines = ["@prefix ex: <http://example.org/> .", "@prefix jhaan: <https://w3id.org/jhaan-kg/ontology#> ."]
    lines += [f'ex:s{i} ex:p "value {i}" .' for i in range(200_000)] + ["ex:s0 jhaan:notATerm 1 ."]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def big_csv_with_a_bad_last_row(path: Path) -> None:
    rows = [f"Frontex,Japan,JP,Working arrangement,{1900 + i % 120}-01-01,,,https://example.org/s{i},," for i in range(20_000)]
    path.write_text(HEADER + "\n".join(rows) + "\nFrontex,Japan,JP,Working arrangement,1999-13-01,,,https://example.org/x,,\n",
                    encoding="utf-8")


@dataclass(frozen=True)
class Case:
    command: str  # validate, add (update --add), remove (update --remove) or import
    content: str | bytes | Callable[[Path], None]
    code: int
    messages: tuple[str, ...]  # each must appear in the output (stderr for exit 2, stdout for exit 1)
    seconds: float = 60  # an upper bound on the time the command may take


CASES = {
    # --- validate ------------------------------------------------------------------------------------
    "validate: syntax error": Case("validate", PREFIXES + "instrument:x a jhaan:CooperationInstrument\ninstrument:y a jhaan:CooperationInstrument .\n",
                                   2, ("bad.ttl:13",)),
    "validate: unknown prefix": Case("validate", PREFIXES + "nope:x a jhaan:CooperationInstrument .\n", 2, ("bad.ttl:12", "nope")),
    "validate: not UTF-8": Case("validate", PREFIXES.encode() + b'instrument:x rdfs:label "caf\xe9"@fr .\n', 2, ("bad.ttl:12", "not valid UTF-8")),
    "validate: wrong datatype": Case("validate", instrument(signed='jhaan:dateSigned "1 March 2020" ;'), 1,
                                     ("shapes:CooperationInstrumentShape-dateSigned", "xsd:date")),
    "validate: unknown term": Case("validate", instrument(extra='jhaan:signedOn "2020-03-01"^^xsd:date ;'), 1,
                                   ("shapes:DeclaredTermShape", "Unknown term jhaan:signedOn")),
    "validate: dangling reference": Case("validate", instrument(counterpart="country:atlantis"), 1,
                                         ("shapes:CooperationInstrumentShape-counterpart", "country:atlantis")),
    "validate: missing source": Case("validate", instrument(source=""), 1, ("shapes:SourcedThingShape-source", "No source")),
    "validate: inverted dates": Case("validate", instrument(extra='jhaan:dateInForce "2019-01-01"^^xsd:date ;'), 1,
                                     ("shapes:DateOrderShape", "before the signature")),
    "validate: future date": Case("validate", instrument(signed='jhaan:dateSigned "2999-01-01"^^xsd:date ;'), 1,
                                  ("shapes:NoFutureDateShape", "2999-01-01")),
    "validate: duplicate": Case("validate", instrument() + instrument("frontex-jp-again").split(SOURCE)[1], 1,
                                ("shapes:DuplicateInstrumentShape", "Duplicate")),
    "validate: Frontex with Norway": Case("validate", instrument(counterpart="country:no"), 1,
                                          ("shapes:FrontexSchengenShape", "country:no")),
    "validate: on hold without a reason": Case("validate", instrument(extra='jhaan:statusChange [ a jhaan:StatusChange ; jhaan:status istatus:on-hold ; '
                                                                            'jhaan:statusDate "2023-07-26"^^xsd:date ; dcterms:source <https://example.org/s> ] ;'),
                                               1, ("shapes:SuspensionExplainedShape", "needs a date")),
    "validate: a very large file with one unknown term": Case("validate", big_turtle_with_one_unknown_term, 1,
                                                              ("shapes:DeclaredTermShape", "jhaan:notATerm"), seconds=120),
    # --- update --add --------------------------------------------------------------------------------
    "update: syntax error": Case("add", PREFIXES + 'instrument:x rdfs:label "unfinished .\n', 2, ("add.ttl:12",)),
    "update: unknown prefix": Case("add", "@prefix jhaan: <https://w3id.org/jhaan-kg/ontology#> .\ninstrument:x a jhaan:CooperationInstrument .\n",
                                   2, ("add.ttl:2", "instrument")),
    "update: not UTF-8": Case("add", PREFIXES.encode() + b"\xff\xfe instrument:x a jhaan:CooperationInstrument .\n", 2, ("add.ttl:12", "UTF-8")),
    "update: empty file": Case("add", "", 2, ("add.ttl", "holds no triples")),
    "update: only prefixes and comments": Case("add", PREFIXES + "# nothing else\n", 2, ("holds no triples",)),
    "update: a very large file with a syntax error on its last line": Case("add", big_turtle_with_a_bad_last_line, 2, ("add.ttl:200002",), seconds=60),
    "update: wrong datatype": Case("add", instrument(extra='jhaan:allowsPersonalDataExchange "yes" ;'), 1,
                                   ("shapes:CooperationInstrumentShape-allowsPersonalDataExchange", "Refused")),
    "update: unknown term": Case("add", instrument(extra="jhaan:partyTo country:jp ;"), 1, ("shapes:DeclaredTermShape", "jhaan:partyTo")),
    "update: unknown type": Case("add", instrument(kind="itype:treaty"), 1, ("shapes:CooperationInstrumentShape-instrumentType",)),
    "update: dangling reference": Case("add", instrument(agency="agency:interpol"), 1, ("shapes:CooperationInstrumentShape-agency",)),
    "update: missing source": Case("add", instrument(source=""), 1, ("shapes:SourcedThingShape-source",)),
    "update: undescribed source": Case("add", instrument(source="dcterms:source <https://example.org/nowhere> ;"), 1,
                                       ("shapes:SourceReferenceShape-source", "The source is not described")),
    "update: inverted dates": Case("add", instrument(extra='jhaan:statusChange [ a jhaan:StatusChange ; jhaan:status istatus:superseded ; '
                                                          'jhaan:statusDate "2019-12-31"^^xsd:date ; dcterms:source <https://example.org/s> ] ;'),
                                   1, ("shapes:DateOrderShape", "a status change (2019-12-31)")),
    "update: future date": Case("add", instrument(extra='jhaan:dateInForce "2999-01-01"^^xsd:date ;'), 1, ("shapes:NoFutureDateShape",)),
    "update: duplicate of an instrument in the graph": Case("add", instrument("frontex-tr-copy", counterpart="country:tr", signed='jhaan:dateSigned "2012-05-28"^^xsd:date ;'),
                                                            1, ("shapes:DuplicateInstrumentShape", "instrument:frontex-tr-working-arrangement-2012")),
    "update: Frontex with Norway": Case("add", instrument(counterpart="country:no"), 1, ("shapes:FrontexSchengenShape", "RELEX footnote 2")),
    "update: on hold without a reason": Case("add", instrument(extra='jhaan:statusChange [ a jhaan:StatusChange ; jhaan:status istatus:on-hold ; '
                                                                    'jhaan:statusDate "2023-07-26"^^xsd:date ; dcterms:source <https://example.org/s> ] ;'),
                                             1, ("shapes:SuspensionExplainedShape",)),
    "update: EMCDDA working arrangement before 2015": Case("add", instrument(agency="agency:emcdda", signed='jhaan:yearSigned "2010"^^xsd:gYear ;'),
                                                           1, ("shapes:EmcddaTerminologyShape", "memorandum of understanding")),
    "update: status agreement not concluded by the EU": Case("add", instrument(kind="itype:eu-status-agreement"), 1, ("shapes:StatusAgreementShape",)),
    "update: negative count": Case("add", PREFIXES + "event:2023-03-17-regular-contact-points jhaan:participantCount -4 .\n", 1,
                                   ("shapes:EventShape / jhaan:participantCount", "non-negative")),
    "update: event ends before it starts": Case("add", PREFIXES + 'event:2023-03-17-regular-contact-points jhaan:endDate "2023-03-01"^^xsd:date .\n', 1,
                                                ("shapes:EventDateOrderShape",)),
    "update: a second acronym that is not a string": Case("add", PREFIXES + "agency:fra jhaan:acronym 42 .\n", 1, ("shapes:AgencyShape-acronym",)),
    # --- update --remove ----------------------------------------------------------------------------
    "remove: a triple the graph does not hold": Case("remove", PREFIXES + 'instrument:frontex-tr-working-arrangement-2012 jhaan:dateSigned "2012-05-29"^^xsd:date .\n',
                                                     2, ("cannot remove instrument:frontex-tr-working-arrangement-2012 jhaan:dateSigned", "does not hold it")),
    "remove: part of a nested node": Case("remove", PREFIXES + "instrument:frontex-ru-working-arrangement jhaan:statusChange [ jhaan:status istatus:suspended ] .\n",
                                          2, ("must be given in full",)),
    "remove: syntax error": Case("remove", PREFIXES + "instrument:x jhaan:agency .\n", 2, ("rm.ttl:12",)),
    "remove: leaves a dangling reference": Case("remove", PREFIXES + "agency:fra a jhaan:Agency .\n", 1, ("shapes:CooperationInstrumentShape-agency",)),
    "remove: the only source": Case("remove", PREFIXES + "instrument:frontex-tr-working-arrangement-2012 dcterms:source "
                                    "<https://www.frontex.europa.eu/what-we-do/beyond-eu-borders/working-arrangements/> , "
                                    "<https://www.mfa.gov.tr/no_-148_-28-may-2012_-press-release-regarding-the-signing-of-the-memorandum-of-understanding-on-cooperation-with-frontex.en.mfa?> .\n",
                                    1, ("shapes:SourcedThingShape-source",)),
    # --- import instruments -------------------------------------------------------------------------
    "import: empty file": Case("import", "", 2, ("the file is empty",)),
    "import: not UTF-8": Case("import", HEADER.encode() + "Frontex,Türkiye,TR".encode("latin-1") + b",Working arrangement,2012,,,https://example.org/s,,\n",
                              2, ("in.csv:2", "not valid UTF-8")),
    "import: missing column": Case("import", "agency,counterpart,iso2,type,signed,status,source\n" + "Frontex,Japan,JP,Working arrangement,2020,,https://example.org/s\n",
                                   2, ("in.csv:1", "missing column personal_data")),
    "import: unknown column": Case("import", HEADER.strip() + ",comment\n" + GOOD_ROW.strip() + ",hi\n", 2, ("unknown column comment",)),
    "import: header only": Case("import", HEADER, 2, ("no rows under the header",)),
    "import: a row with too many values": Case("import", HEADER + GOOD_ROW.strip() + ",extra\n", 2, ("in.csv:2", "11 values for 10 columns")),
    "import: unknown agency": Case("import", row(agency="Interpol"), 2, ("in.csv:2: row 1, column agency: unknown agency 'Interpol'",)),
    "import: unknown country": Case("import", row(iso2="QQ", counterpart="Nowhere"), 2, ("row 1, column iso2: unknown country code 'QQ'",)),
    "import: counterpart is not the country's name": Case("import", row(counterpart="China"), 2, ("row 1, column counterpart: 'China' is not the name of JP (Japan)",)),
    "import: unknown organisation": Case("import", row(iso2="", counterpart="Galactic Police"), 2, ("column counterpart: unknown organisation 'Galactic Police'",)),
    "import: a country given as an organisation": Case("import", row(iso2="", counterpart="Japan"), 2, ("it is a country: give iso2 JP",)),
    "import: unknown type": Case("import", row(type="Treaty"), 2, ("row 1, column type: unknown type 'Treaty'",)),
    "import: unknown status": Case("import", row(status="Dormant"), 2, ("row 1, column status: unknown status 'Dormant'",)),
    "import: malformed date": Case("import", row(signed="01/03/2020"), 2, ("row 1, column signed: '01/03/2020' is not a date: write YYYY-MM-DD or YYYY",)),
    "import: impossible date": Case("import", row(signed="2021-02-30"), 2, ("'2021-02-30' is not a date of the calendar",)),
    "import: future date": Case("import", row(signed="2999-01-01"), 2, ("row 1, column signed: 2999-01-01 is in the future",)),
    "import: missing source": Case("import", row(source=""), 2, ("row 1, column source: missing",)),
    "import: source is not a URL": Case("import", row(source="Frontex website"), 2, ("'Frontex' is not an http(s) URL",)),
    "import: on hold without a reason": Case("import", row(status="On hold", status_date="2023-07-26"), 2, ("row 1, column reason: a status 'On hold' needs its reason",)),
    "import: suspended without a date": Case("import", row(status="Suspended", reason="War."), 2, ("row 1, column status_date:",)),
    "import: personal data neither yes nor no": Case("import", row(personal_data="maybe"), 2, ("'maybe' is not yes, no or empty",)),
    "import: two identical rows": Case("import", row() + row().split("\n", 1)[1], 2, ("in.csv:3: row 2: the same instrument as row 1",)),
    "import: several bad rows are all named": Case("import", HEADER + "Interpol,Japan,JP,Working arrangement,2020,,,https://example.org/s,,\n"
                                                   "Frontex,Japan,JP,Treaty,2020,,,https://example.org/s,,\n",
                                                   2, ("in.csv:2: row 1, column agency", "in.csv:3: row 2, column type")),
    "import: a very large file with a bad last row": Case("import", big_csv_with_a_bad_last_row, 2, ("in.csv:20002: row 20001, column signed",), seconds=60),
    "import: Frontex with Norway": Case("import", row(counterpart="Norway", iso2="NO"), 1, ("shapes:FrontexSchengenShape", "[row 1]")),
    "import: EMCDDA working arrangement before 2015": Case("import", row(agency="EMCDDA", signed="2010"), 1, ("shapes:EmcddaTerminologyShape",)),
    "import: a status that begins before the signature": Case("import", row(status="Suspended", status_date="2019", reason="War."), 1,
                                                              ("shapes:DateOrderShape", "a status change (2019)")),
    "import: a row the graph already has (type given by its code) is skipped, not added twice": Case(
        "import", row(counterpart="Türkiye", iso2="TR", signed="2012-05-28", type="working-arrangement"), 0,
        ("row 1: already in the graph as instrument:frontex-tr-working-arrangement-2012; skipped",)),
    # --- what a careless user or an attacker tries next (issue 21) -----------------------------------
    "import: a source whose host is a malformed IPv6 address": Case("import", row(source="http://[::1::2]/x"), 2,
                                                                    ("column source", "is not an http(s) URL")),
    "import: a source with a control character": Case("import", row(source="http://a.example/x\x01y"), 2,
                                                      ("column source", "is not an http(s) URL")),
    "import: a source with a NUL": Case("import", row(source="http://a.example/x\x00y"), 2, ("column source",)),
    "import: a formula": Case("import", row(counterpart='=HYPERLINK("https://evil.example")'), 2,
                              ("column counterpart", "reads as a formula")),
    "import: a javascript: source": Case("import", row(source="javascript:alert(1)"), 2, ("is not an http(s) URL",)),
    "validate: RDF-star": Case("validate", PREFIXES + "<< instrument:x jhaan:agency agency:frontex >> rdfs:comment \"x\" .\n", 2,
                               ("quoted triple (RDF-star",)),
    "add: RDF-star": Case("add", PREFIXES + "<< instrument:x jhaan:agency agency:frontex >> rdfs:comment \"x\" .\n", 2,
                          ("quoted triple (RDF-star",)),
    "add: nodes nested a thousand levels deep": Case("add", PREFIXES + "instrument:x rdfs:seeAlso " + "[ rdfs:seeAlso " * 1000
                                                     + "instrument:y " + "] " * 1000 + ".\n", 2, ("nested more than 100 levels",)),
    "add: an ill-formed date": Case("add", instrument(signed='jhaan:dateSigned "15/01/2020"^^xsd:date ;'), 1,
                                    ("shapes:CooperationInstrumentShape-dateSigned", "15/01/2020")),
    "add: a day that does not exist": Case("add", instrument(signed='jhaan:dateSigned "2023-02-30"^^xsd:date ;'), 1,
                                           ("shapes:CooperationInstrumentShape-dateSigned", "2023-02-30")),
    "add: a javascript: source": Case("add", instrument(source="dcterms:source <javascript:alert(1)> ;"), 1,
                                      ("shapes:SourceLinkShape-source",)),
    "add: a relative source": Case("add", instrument(source="dcterms:source <notes/mine.html> ;"), 1,
                                   ("shapes:SourceLinkShape-source",)),
}


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    """One copy of graph/ for the whole corpus (no case may change it), and a cache of its own."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(GRAPH, folder / "graph")
    return folder / "graph"



def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40
    assert {c.command for c in CASES.values()} == {"validate", "add", "remove", "import"}


@pytest.mark.parametrize("name", CASES)
def test_a_bad_input_is_refused_with_its_message_and_graph_stays_byte_identical(name, graph, tmp_path):
    case = CASES[name]
    file = tmp_path / {"validate": "bad.ttl", "add": "add.ttl", "remove": "rm.ttl", "import": "in.csv"}[case.command]
    if callable(case.content):
        case.content(file)
    else:
        file.write_bytes(case.content if isinstance(case.content, bytes) else case.content.encode("utf-8"))
    args = {"validate": ["validate", graph, file],
            "add": ["update", "--graph", graph, "--add", file, "--apply"],
            "remove": ["update", "--graph", graph, "--remove", file, "--apply"],
            "import": ["import", "instruments", file, "--graph", graph, "--apply"]}[case.command]
    before = digest(graph)
    started = time.monotonic()
    result = CliRunner(env={"JHAAN_KG_CACHE": str(graph.parent / "cache")}).invoke(
        main, [str(a) for a in [*args, "--ontology", ONTOLOGY]], catch_exceptions=False)
    elapsed = time.monotonic() - started
    assert result.exit_code == case.code, result.output
    assert "Traceback" not in result.output
    shown = result.stderr if case.code == 2 else result.stdout
    for message in case.messages:
        assert message in shown, shown
    assert digest(graph) == before
    assert not list(graph.rglob(".*.tmp"))
    assert elapsed < case.seconds
