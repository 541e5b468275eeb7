"""CSV in, Turtle out: new cooperation instruments from a spreadsheet, through the same checks as `update`.

The columns are exactly those of the `relex-instruments` query, so that its output is a template:

    agency,counterpart,iso2,type,signed,status,personal_data,source

plus three optional columns, `status_date`, `reason` and `source_title`. One row is one instrument with one
counterpart. Values are separated by commas or, as spreadsheets save CSV in many EU locales, by semicolons
(told apart by the header line).

- agency: the acronym (`Frontex`, `eu-LISA`; any case);
- iso2 and counterpart: a country by its ISO 3166-1 code, and counterpart its name as the graph has it;
  with iso2 empty, counterpart is an organisation's name or acronym (`UNODC`);
- type and status: the labels of the instrument-type and instrument-status schemes (any case); status
  empty means Active;
- signed: `YYYY-MM-DD` or `YYYY` (empty when not known), not in the future;
- status other than Active: needs `status_date` (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) and `reason`, as
  the RELEX legend asks a date and a reason of every hold or suspension; the importer asks them of every
  status other than Active, so that each status change it writes is dated and explained;
- personal_data: `yes`, `no` or empty (not known);
- source: one or more URLs separated by spaces (the query's output); a URL the graph does not describe
  yet is added as a `jhaan:SourceDocument` next to the instrument, with `source_title` as its title when
  the row gives one (a row with a title gives one URL).

A row that describes an instrument the graph already has (same agency, counterpart, type and signature
date) is skipped and reported, so the query's output can be imported back unchanged. A new instrument
gets the IRI `instrument:<agency>-<iso2 or organisation>-<type code>-<year>` (a number appended if taken)
and a label; an EU status agreement also gets `jhaan:concludedBy organisation:eu`, which the legend
states for every such agreement.

Errors name the row (1 = first row under the header), the column and the line of the file; the CLI
exits 2 on them and writes nothing. Violations of the shapes exit 1, as with `update`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlparse

import pyoxigraph as ox

from ..errors import CsvError, InputError, Outcome
from ..load import KnowledgeGraph, load_graph, load_shapes
from ..query.formats import FORMULA_START
from ..namespaces import (CONCEPT, DCTERMS_SOURCE, DCTERMS_TITLE, ID, JHAAN, PREFIXES, RDF_TYPE, RDFS_LABEL, XSD,
                          shorten, sparql_prefixes)
from .change import Change, UpdatePlan, finish_change, graph_root, plan_change, read_graph_files
from .lock import graph_lock
from .scope import blank_key, knowledge_graph, report_key

COLUMNS = ("agency", "counterpart", "iso2", "type", "signed", "status", "personal_data", "source")
OPTIONAL_COLUMNS = ("status_date", "reason", "source_title")
TYPE = ox.NamedNode(RDF_TYPE)
LABEL = ox.NamedNode(RDFS_LABEL)
SOURCE = ox.NamedNode(DCTERMS_SOURCE)
TITLE = ox.NamedNode(DCTERMS_TITLE)
EU = ox.NamedNode(ID + "organisation/eu")
STATUS_AGREEMENT = CONCEPT + "instrument-type/eu-status-agreement"
ACTIVE = CONCEPT + "instrument-status/active"


def j(local: str) -> ox.NamedNode:
    return ox.NamedNode(JHAAN + local)


class Problems:
    """The problems found in a file: the first LIMIT of them in full, then only counted, so that a large bad
    file costs neither memory nor a screen of errors."""

    LIMIT = 100

    def __init__(self):
        self.kept: list[tuple[int | None, str]] = []
        self.more = 0

    def append(self, problem: tuple[int | None, str]) -> None:
        if len(self.kept) < self.LIMIT:
            self.kept.append(problem)
        else:
            self.more += 1

    def extend(self, problems) -> None:
        for problem in problems:
            self.append(problem)

    def __bool__(self) -> bool:
        return bool(self.kept)


@dataclass
class ImportResult:
    """The triples to add, which row each new instrument came from, and the rows skipped."""

    change: Change
    rows: dict[str, int] = field(default_factory=dict)  # node id (IRI or blank node) -> row number
    skipped: list[str] = field(default_factory=list)

    def annotate(self, result) -> str:
        row = self.rows.get(result.focus)
        return f" [row {row}]" if row else ""


# --- what the graph knows ------------------------------------------------------------------------------

class _Vocabulary:
    """The names a steward may use in the CSV, read from the graph."""

    def __init__(self, kg: KnowledgeGraph):
        rows = lambda q: [[t.value if t is not None else None for t in row] for row in
                          kg.query(_PREFIXES + q)]
        self.agencies = {a.lower(): (ox.NamedNode(i), a) for i, a in rows("SELECT ?i ?a { ?i a jhaan:Agency ; jhaan:acronym ?a }")}
        self.countries: dict[str, tuple[ox.NamedNode, set[str], str]] = {}
        for i, code, name, lang in rows("SELECT ?i ?c ?n (LANG(?n) AS ?l) { ?i a jhaan:Country ; jhaan:iso2 ?c . "
                                        "OPTIONAL { ?i skos:prefLabel|skos:altLabel ?n } }"):
            iri, names, label = self.countries.get(code.upper(), (ox.NamedNode(i), set(), ""))
            if name:
                names.add(name.lower())
                label = name if (lang == "en" and not label) else label
            self.countries[code.upper()] = (iri, names, label)
        self.organisations: dict[str, list[tuple[ox.NamedNode, str]]] = {}
        for i, name, label in rows("""SELECT ?i ?n ?label {
                VALUES ?c { org:Organization jhaan:InternationalOrganisation jhaan:EUBody jhaan:OtherOrganisation }
                ?i a/rdfs:subClassOf* ?c . FILTER NOT EXISTS { ?i a jhaan:Agency }
                ?i skos:prefLabel|skos:altLabel|jhaan:acronym ?n .
                OPTIONAL { ?i skos:prefLabel ?label FILTER (LANG(?label) = "en") } }"""):
            entry = (ox.NamedNode(i), label or name)
            if entry not in self.organisations.setdefault(name.lower(), []):
                self.organisations[name.lower()].append(entry)
        self.types = self._concepts(rows, "instrument-type")
        self.statuses = self._concepts(rows, "instrument-status")
        self.described_sources = {i for (i,) in rows("SELECT DISTINCT ?i { { ?i a jhaan:SourceDocument } UNION { ?i a jhaan:Citation } }")}
        self.instruments: dict[tuple, str] = {}
        for i, a, c, t, signed in rows("""SELECT ?i ?a ?c ?t (COALESCE(STR(?d), STR(?y), "") AS ?s) {
                ?i a jhaan:CooperationInstrument ; jhaan:agency ?a ; jhaan:counterpart ?c ; jhaan:instrumentType ?t .
                OPTIONAL { ?i jhaan:dateSigned ?d } OPTIONAL { ?i jhaan:yearSigned ?y } }"""):
            self.instruments[(a, c, t, signed)] = i
        self.taken = {i for (i,) in rows("SELECT DISTINCT ?i { ?i ?p ?o FILTER (isIRI(?i)) }")}

    @staticmethod
    def _concepts(rows, scheme: str) -> dict[str, tuple[ox.NamedNode, str]]:
        """Each name of a concept of `scheme` (label, other label, code) in lower case -> (concept, label)."""
        found = {}
        for i, name, label in rows(f"""SELECT ?i ?n ?label {{ ?i skos:inScheme <{CONCEPT}{scheme}> ; skos:prefLabel ?label .
                ?i skos:prefLabel|skos:altLabel|skos:notation ?n }}"""):
            found[name.lower()] = (ox.NamedNode(i), label)
        return found

    def labels(self, table: dict) -> str:
        return ", ".join(sorted({label for _, label in table.values()}, key=str.lower))


_PREFIXES = sparql_prefixes()


# --- reading the CSV ----------------------------------------------------------------------------------

def read_csv_rows(path: Path, data: bytes | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) for every data row, one at a time (a large file is never held as rows); CsvError for a
    file that is empty, not UTF-8, lacks a column or has no row."""
    path = Path(path)
    try:
        data = path.read_bytes() if data is None else data
    except OSError as e:
        raise InputError(path, e.strerror or str(e)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise CsvError(path, [(line, f"not valid UTF-8 (byte 0x{data[e.start]:02x}); save the file as CSV UTF-8")]) from None
    if not text.strip():
        raise CsvError(path, [(None, "the file is empty: expected a header line " + ",".join(COLUMNS))])
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
        missing = [c for c in COLUMNS if c not in header]
        unknown = [h for h in header if h not in COLUMNS + OPTIONAL_COLUMNS]
        problems = []
        if missing:
            problems.append((1, f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}: the header must "
                                f"name {','.join(COLUMNS)} (optional: {','.join(OPTIONAL_COLUMNS)})"))
        if unknown:
            problems.append((1, f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}"))
        duplicated = sorted({h for h in header if header.count(h) > 1})
        if duplicated:
            problems.append((1, f"column {', '.join(duplicated)} given twice"))
        if problems:
            raise CsvError(path, problems)
        count = 0
        line = reader.line_num + 1
        for values in reader:
            if any(v.strip() for v in values):
                count += 1
                if len(values) != len(header):
                    raise CsvError(path, [(line, f"row {count}: {len(values)} values for {len(header)} columns")])
                row = {h: v.strip() for h, v in zip(header, values)}
                formulas = [h for h, v in row.items() if v.startswith(FORMULA_START)]
                if formulas:
                    raise CsvError(path, [(line, f"row {count}, column {h}: {row[h][:40]!r} starts with a "
                                                 "character a spreadsheet reads as a formula or a control character; "
                                                 "write the value as plain text") for h in formulas])
                yield line, row
            line = reader.line_num + 1
    except csv.Error as e:
        raise CsvError(path, [(reader.line_num, f"not a CSV file: {e}")]) from None
    if not count:
        raise CsvError(path, [(2, "no rows under the header")])


def import_instruments(path: Path, kg: KnowledgeGraph, today: date | None = None) -> ImportResult:
    """The triples for the instruments of the CSV file `path`, checked against what `kg` knows.
    CsvError lists every row and column that cannot be read."""
    today = today or date.today()
    vocabulary = _Vocabulary(kg)
    rows = read_csv_rows(path)
    problems = Problems()
    triples: list[ox.Triple] = []
    result = ImportResult(Change())
    seen: dict[tuple, int] = {}
    taken = set(vocabulary.taken)
    new_sources: set[str] = set()
    status_changes: dict[ox.BlankNode, int] = {}
    for number, (line, row) in enumerate(rows, start=1):
        errors: list[str] = []
        fail = lambda column, message: errors.append(f"row {number}, column {column}: {message}")
        identity = _identify(row, vocabulary, today, fail)
        if errors:
            problems.extend((line, e) for e in errors)
            continue
        if problems:  # the file is refused: the other rows are only checked, not turned into triples
            continue
        agency, counterpart, kind, signed = identity.agency, identity.counterpart, identity.kind, identity.signed
        key = identity.key
        if key in vocabulary.instruments:
            result.skipped.append(f"row {number}: already in the graph as {_short(vocabulary.instruments[key])}; skipped")
            continue
        if key in seen:
            problems.append((line, f"row {number}: the same instrument as row {seen[key]} (agency, counterpart, type and date)"))
            continue
        seen[key] = number
        details = _details(row, vocabulary, today, fail)
        status, status_date, reason, personal, sources = (details.status, details.status_date, details.reason,
                                                          details.personal_data, details.sources)
        if errors:
            problems.extend((line, e) for e in errors)
            continue
        year = signed.value[:4] if signed else ""
        base = f"{ID}instrument/{agency.value.rsplit('/', 1)[-1]}-{identity.slug}-{kind.value.rsplit('/', 1)[-1]}" + (f"-{year}" if year else "")
        iri, n = base, 1
        while iri in taken:
            n += 1
            iri = f"{base}-{n}"
        taken.add(iri)
        node = ox.NamedNode(iri)
        result.rows[iri] = number
        kind_label = next(label for concept, label in vocabulary.types.values() if concept == kind)
        label = f"{kind_label} between {_acronym(agency, vocabulary)} and {identity.counterpart_label}" + (f" ({year})" if year else "")
        triples += [ox.Triple(node, TYPE, j("CooperationInstrument")), ox.Triple(node, LABEL, ox.Literal(label, language="en")),
                    ox.Triple(node, j("agency"), agency), ox.Triple(node, j("counterpart"), counterpart),
                    ox.Triple(node, j("instrumentType"), kind)]
        if signed:
            triples.append(ox.Triple(node, j("dateSigned" if len(signed.value) == 10 else "yearSigned"), signed))
        if personal is not None:
            triples.append(ox.Triple(node, j("allowsPersonalDataExchange"), ox.Literal("true" if personal else "false", datatype=ox.NamedNode(XSD + "boolean"))))
        if kind.value == STATUS_AGREEMENT:
            triples.append(ox.Triple(node, j("concludedBy"), EU))
        for url in sources:
            triples.append(ox.Triple(node, SOURCE, ox.NamedNode(url)))
            if url not in vocabulary.described_sources and url not in new_sources:
                new_sources.add(url)
                result.rows[url] = number
                triples.append(ox.Triple(ox.NamedNode(url), TYPE, j("SourceDocument")))
                if details.source_title:
                    triples.append(ox.Triple(ox.NamedNode(url), TITLE, ox.Literal(details.source_title, language="en")))
        if status is not None:
            change = ox.BlankNode()
            status_changes[change] = number
            triples += [ox.Triple(node, j("statusChange"), change), ox.Triple(change, TYPE, j("StatusChange")),
                        ox.Triple(change, j("status"), status), ox.Triple(change, j("statusDate"), status_date),
                        ox.Triple(change, j("reason"), ox.Literal(reason, language="en"))]
            triples += [ox.Triple(change, SOURCE, ox.NamedNode(url)) for url in sources]
    if problems:
        raise CsvError(Path(path), problems.kept, problems.more)
    if status_changes:  # reports name a nested node by its blank_key: the same from these triples alone
        store = ox.Store()
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        result.rows.update({blank_key(store, node): number for node, number in status_changes.items()})
    result.change = Change(add=tuple(triples), prefixes=dict(PREFIXES), add_origin=Path(path))
    return result


@dataclass(frozen=True)
class RowIdentity:
    """What says which instrument a row is: agency, counterpart, type and signature date."""

    agency: ox.NamedNode
    counterpart: ox.NamedNode
    counterpart_label: str
    slug: str  # the counterpart's part of a new instrument's IRI
    kind: ox.NamedNode
    signed: ox.Literal | None

    @property
    def key(self) -> tuple[str, str, str, str]:
        """The key the graph's instruments are looked up by (_Vocabulary.instruments)."""
        return self.agency.value, self.counterpart.value, self.kind.value, self.signed.value if self.signed else ""


@dataclass(frozen=True)
class RowDetails:
    """The rest of a new instrument: its status (None when active) and since when, why, personal data, sources."""

    status: ox.NamedNode | None
    status_date: ox.Literal | None
    reason: str
    personal_data: bool | None
    sources: tuple[str, ...]
    source_title: str = ""  # the title of a source the graph does not describe yet


def _identify(row: dict[str, str], v: _Vocabulary, today: date, fail) -> RowIdentity | None:
    """Which instrument a row is; None when a column is wrong (`fail` has been told why)."""
    agency = v.agencies.get(row["agency"].lower())
    known = ", ".join(sorted(a for _, a in v.agencies.values()))
    if not row["agency"]:
        fail("agency", f"missing: give the agency's acronym ({known})")
    elif agency is None:
        fail("agency", f"unknown agency {row['agency']!r}; known: {known}")
    counterpart, counterpart_label, slug = _counterpart(row, v, fail)
    kind = v.types.get(row["type"].lower())
    if kind is None:
        fail("type", (f"unknown type {row['type']!r}" if row["type"] else "missing") + f"; known: {v.labels(v.types)}")
    signed = _date(row["signed"], "signed", today, fail, allow=("day", "year"))
    if agency is None or counterpart is None or kind is None:
        return None
    return RowIdentity(agency[0], counterpart, counterpart_label, slug, kind[0], signed)


def _details(row: dict[str, str], v: _Vocabulary, today: date, fail) -> RowDetails:
    """The status, its date and reason, personal data and sources of a new instrument."""
    status, status_date, reason = None, None, row.get("reason", "")
    name = row["status"]
    if name and name.lower() not in v.statuses:
        fail("status", f"unknown status {name!r}; known: {v.labels(v.statuses)}")
    elif name and v.statuses[name.lower()][0].value != ACTIVE:
        status = v.statuses[name.lower()][0]
        if not row.get("status_date"):
            fail("status_date", f"a status {name!r} needs the date it began (YYYY-MM-DD, YYYY-MM or YYYY) in a column status_date")
        else:
            status_date = _date(row["status_date"], "status_date", today, fail, allow=("day", "month", "year"))
        if not reason:
            fail("reason", f"a status {name!r} needs its reason in a column reason (RELEX legend, footnotes 5 and 6)")
    personal = {"yes": True, "true": True, "no": False, "false": False, "": None}.get(row["personal_data"].lower(), "bad")
    if personal == "bad":
        fail("personal_data", f"{row['personal_data']!r} is not yes, no or empty")
    sources = row["source"].split()
    if not sources:
        fail("source", "missing: every instrument needs the URL of a source")
    for url in sources:
        if not _web_address(url):
            fail("source", f"{url!r} is not an http(s) URL")
    title = row.get("source_title", "")
    if title and len(sources) > 1:
        fail("source_title", "a title names one source: give one URL in source, or leave source_title empty")
    return RowDetails(status, status_date, reason, personal if personal != "bad" else None, tuple(sources), title)


_IRI_SAFE = re.compile(r'^[^\s<>"{}|\\^`\x00-\x1f\x7f]+$')


def _web_address(url: str) -> bool:
    """Whether `url` is an http(s) address that makes an IRI (urlparse and the store refuse some others)."""
    try:
        parts = urlparse(url)
        ok = parts.scheme in ("http", "https") and bool(parts.netloc) and bool(_IRI_SAFE.match(url))
        return ok and bool(parts.hostname) and ox.NamedNode(url) is not None
    except ValueError:
        return False


def _counterpart(row: dict[str, str], v: _Vocabulary, fail):
    name, code = row["counterpart"], row["iso2"].upper()
    if code:
        if not re.fullmatch(r"[A-Z]{2}", code):
            fail("iso2", f"{row['iso2']!r} is not a two-letter ISO 3166-1 code")
        elif code not in v.countries:
            fail("iso2", f"unknown country code {code!r}")
        else:
            iri, names, label = v.countries[code]
            if name and name.lower() not in names:
                fail("counterpart", f"{name!r} is not the name of {code} ({label}); use the name the graph has or leave it empty")
            return iri, label or name, code.lower()
        return None, "", ""
    if not name:
        fail("counterpart", "missing: give a country in iso2, or an organisation's name or acronym here")
        return None, "", ""
    matches = v.organisations.get(name.lower(), [])
    if len({m[0] for m in matches}) > 1:
        fail("counterpart", f"{name!r} names several organisations ({', '.join(sorted(m[1] for m in matches))}); use the full name")
    elif not matches:
        country = next((c for c, (_, names, _) in v.countries.items() if name.lower() in names), None)
        hint = f"; it is a country: give iso2 {country}" if country else ""
        fail("counterpart", f"unknown organisation {name!r} (with iso2 empty, the counterpart must be an organisation "
                            f"the graph describes, by name or acronym){hint}")
    else:
        iri, label = matches[0]
        return iri, label, iri.value.rstrip("/").rsplit("/", 1)[-1]
    return None, "", ""


def _date(text: str, column: str, today: date, fail, allow: tuple[str, ...]):
    """An xsd:date, xsd:gYearMonth or xsd:gYear literal from `text` (None when empty or wrong)."""
    if not text:
        return None
    forms = {"day": (r"\d{4}-\d{2}-\d{2}", "date"), "month": (r"\d{4}-\d{2}", "gYearMonth"), "year": (r"\d{4}", "gYear")}
    shapes = " or ".join({"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}[a] for a in allow)
    for name in allow:
        pattern, datatype = forms[name]
        if re.fullmatch(pattern, text):
            try:
                first = date.fromisoformat(text if name == "day" else text + ("-01" if name == "month" else "-01-01"))
            except ValueError:
                fail(column, f"{text!r} is not a date of the calendar")
                return None
            if first > today:
                fail(column, f"{text} is in the future")
                return None
            return ox.Literal(text, datatype=ox.NamedNode(XSD + datatype))
    fail(column, f"{text!r} is not a date: write {shapes}")
    return None


def _acronym(agency: ox.NamedNode, v: _Vocabulary) -> str:
    return next(a for iri, a in v.agencies.values() if iri == agency)


def _short(iri: str) -> str:
    return shorten(iri)


# --- the whole import ---------------------------------------------------------------------------------

def plan_import(ontology_dir: Path, graph_paths: list[Path], csv_path: Path, *, scoped: bool = True,
                today: date | None = None) -> tuple[UpdatePlan, ImportResult]:
    """Read the graph and the CSV file and check the instruments as `update` checks a change."""
    files = read_graph_files(graph_paths)
    ontology = load_graph([ontology_dir])
    kg = knowledge_graph(ontology, {p: f.triples for p, f in files.items()})
    imported = import_instruments(csv_path, kg, today)
    plan = plan_change(files, ontology, load_shapes([ontology_dir]), imported.change, graph_root(graph_paths),
                       scoped=scoped, cache_key=report_key(ontology_dir, files), before_kg=kg)
    return plan, imported


def import_csv(ontology_dir: Path, graph_paths: list[Path], csv_path: Path, *, apply: bool = False,
               scoped: bool = True, wait: bool = True, say: Callable[[str], None] = lambda message: None) -> Outcome:
    """`jhaan-kg import instruments`: check the instruments of `csv_path` and write them when asked; one
    writer at a time (lock.py)."""
    with graph_lock(graph_root(graph_paths), wait, say):
        plan, imported = plan_import(ontology_dir, graph_paths, csv_path, scoped=scoped)
        return finish_change(plan, apply, ontology_dir, preface=imported.skipped, annotate=imported.annotate)
