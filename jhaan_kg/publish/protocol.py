"""The SPARQL 1.1 Protocol's answers: which media type to answer with, and a query's answer in it."""

from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..errors import Refused
from .results import write_solutions

HTML_ROW_LIMIT = 2000  # rows a browser page shows
ROW_LIMIT = 10_000  # rows (or triples) an answer holds at most, by default (`serve --row-limit`)

# Offered media types in order of preference, per kind of result; `format` names map onto them.
RESULT_TYPES = {
    "solutions": ["application/sparql-results+json", "application/json", "application/sparql-results+xml",
                  "application/xml", "text/csv", "text/tab-separated-values", "text/html"],
    "boolean": ["application/sparql-results+json", "application/json", "application/sparql-results+xml",
                "application/xml", "text/csv", "text/tab-separated-values", "text/html"],
    "triples": ["text/turtle", "application/n-triples", "application/rdf+xml", "text/plain", "text/html"],
}
FORMAT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ttl": "text/turtle", "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
                "html": "text/html"}
SERIALISERS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON, "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML, "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV, "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES, "application/rdf+xml": ox.RdfFormat.RDF_XML,
}



def negotiate(kind: str, accept: str | None, format_name: str | None = None) -> str:
    """The media type to answer a result of `kind` with, from ?format= or the Accept header.

    >>> negotiate("solutions", "text/html,application/xhtml+xml,*/*;q=0.8")
    'text/html'
    >>> negotiate("triples", "*/*"), negotiate("solutions", None), negotiate("boolean", "text/csv;q=0.5, application/sparql-results+xml")
    ('text/turtle', 'application/sparql-results+json', 'application/sparql-results+xml')
    """
    offered = RESULT_TYPES[kind]
    if format_name:
        wanted = FORMAT_NAMES.get(format_name.lower(), format_name.lower())
        if wanted not in offered:
            raise Refused(406, f"format {format_name!r} is not available for this result; choose one of "
                               + ", ".join(sorted(n for n, t in FORMAT_NAMES.items() if t in offered)))
        return wanted
    ranges = []
    for part in (accept or "*/*").split(","):
        media, *params = [x.strip() for x in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media.lower(), q))

    def quality(media: str) -> tuple[float, int]:
        best, specificity = 0.0, -1
        for r, q in ranges:
            s = 2 if r == media else 1 if r == media.split("/")[0] + "/*" else 0 if r == "*/*" else -1
            if s > specificity:
                best, specificity = q, s
        return best, specificity

    scored = [(quality(m)[0], -i, m) for i, m in enumerate(offered)]
    q, _, media = max(scored)
    if q <= 0:
        raise Refused(406, "none of the accepted media types is available; this result comes as "
                           + ", ".join(offered))
    return media



@dataclass(frozen=True)
class Answer:
    """A query's answer as the endpoint sends it: media type, body (bytes; for text/html the data the page
    is drawn from; a file while it is long: `spooled`), and whether the rows or triples were cut at the row
    limit."""

    media: str
    body: bytes | dict | Path | Spooled
    cut: bool = False


@dataclass(frozen=True)
class Spooled:
    """A long answer on disk, open for sending, its name already removed (`opened`)."""

    file: BinaryIO
    size: int


IN_MEMORY = 4 << 20  # bytes of an answer held in memory at most; a longer one is sent from its file


class Spool(io.RawIOBase):
    """Where a worker writes an answer: memory up to IN_MEMORY bytes, then a new file in `folder` (none: memory
    only). The file's name goes back to the server, which sends the answer from it."""

    def __init__(self, folder: Path | None):
        super().__init__()
        self.folder, self.memory, self.file = folder, io.BytesIO(), None

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if self.file is None and self.folder is not None and self.memory.tell() + len(data) > IN_MEMORY:
            self.file = tempfile.NamedTemporaryFile(dir=self.folder, prefix=f"{os.getpid()}-", suffix=".answer",
                                                    delete=False)
            self.file.write(self.memory.getvalue())
            self.memory = io.BytesIO()
        (self.file or self.memory).write(data)
        return len(data)

    def body(self) -> bytes | Path:
        """What was written: its bytes, or the name of the file that holds them."""
        if self.file is None:
            return self.memory.getvalue()
        self.file.close()
        return Path(self.file.name)

    def discard(self) -> None:
        if self.file is not None:
            self.file.close()
            Path(self.file.name).unlink(missing_ok=True)


def opened(answer: Answer) -> Answer:
    """`answer` with the file a worker wrote it to opened and unlinked (the open file keeps its bytes until
    it is closed, and nothing is left behind)."""
    if not isinstance(answer.body, Path):
        return answer
    path = answer.body
    try:
        return Answer(answer.media, Spooled(open(path, "rb"), path.stat().st_size), answer.cut)
    finally:
        path.unlink(missing_ok=True)


class Capped:
    """The first `limit` of `items`, taken one at a time; afterwards `cut` says whether there were more
    (one past the limit is read, no further)."""

    def __init__(self, items, limit: int):
        self.items, self.limit, self.cut = items, limit, False

    def __iter__(self):
        for number, item in enumerate(self.items):
            if number == self.limit:
                self.cut = True
                return
            yield item


def first(items, limit: int) -> tuple[list, bool]:
    """The first `limit` of `items`, and whether there were more."""
    capped = Capped(items, limit)
    return list(capped), capped.cut


def run_query(store, text: str, accept: str | None, format_name: str | None, row_limit: int = ROW_LIMIT,
              spool: Path | None = None) -> Answer:
    """The answer to `text`, at most `row_limit` rows (or triples) of it, written one at a time; with `spool`
    (a folder), an answer over IN_MEMORY bytes goes on into a new file there, whose name is the answer's
    body, so that a long answer is never whole in memory."""
    try:
        result = store.query(text)
    except SyntaxError as e:
        raise Refused(400, f"the query does not parse: {parse_error(str(e))}") from None
    kind = ("boolean" if isinstance(result, ox.QueryBoolean) else
            "solutions" if isinstance(result, ox.QuerySolutions) else "triples")
    media = negotiate(kind, accept, format_name)
    if kind == "boolean":
        if media == "text/html":
            return Answer(media, {"columns": ["answer"], "rows": [[["true" if bool(result) else "false", False]]],
                                  "more": False})
        return Answer(media, result.serialize(format=SERIALISERS[media]))
    if media == "text/html":
        if kind == "triples":
            triples, cut = first(result, row_limit)
            return Answer(media, {"turtle": ox.serialize(triples, format=ox.RdfFormat.TURTLE).decode("utf-8"),
                                  "more": cut}, cut)
        columns = [v.value for v in result.variables]
        solutions, more = first(result, min(row_limit, HTML_ROW_LIMIT))
        return Answer(media, {"columns": columns, "rows": [[_cell(s[c]) for c in columns] for s in solutions],
                              "more": more}, more)
    out, capped = Spool(spool), Capped(result, row_limit)
    try:
        if kind == "triples":
            ox.serialize(capped, output=out, format=SERIALISERS[media])
        else:
            write_solutions([v.value for v in result.variables], (list(s) for s in capped), SERIALISERS[media], out)
        return Answer(media, out.body(), capped.cut)
    except BaseException:
        out.discard()
        raise


def parse_error(message: str) -> str:
    r"""The parser's message without the Unicode ranges it lists where a name could start.

    >>> parse_error("error at 1:22: expected one of 'a', ['A' ..= 'Z' | '\\u{00C0}'..='\\u{00D6}'], [_]")
    "error at 1:22: expected one of 'a', a name, [_]"
    """
    return re.sub(r"\['A' \.\.= 'Z'[^\]]*\]", "a name", message).strip()


def _cell(term) -> list:
    """A term as [lexical value, is it an IRI] for the HTML table."""
    if term is None:
        return ["", False]
    return [term.value, isinstance(term, ox.NamedNode)]


