"""`jhaan-kg query run` as one call: a catalogue query or ad-hoc SPARQL, answered from the store `build`
left while it matches the input files, else from the files themselves, or by a remote endpoint."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import QueryError
from ..load import load_graph
from ..load import store as disk_store
from . import answers as kept_answers
from .catalogue import NamedQuery, load_catalogue, parse_header
from .run import QueryResult, run_named_query, run_sparql, run_sparql_endpoint
from .values import LISTED, Choices


@dataclass(frozen=True)
class Question:
    """What to run: exactly one of `name` (in the catalogue of `queries_dir`) or `text` (ad-hoc SPARQL, read
    from `origin` where it came from a file), with parameter values."""

    name: str | None = None
    text: str | None = None
    origin: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    queries_dir: Path | None = None

    def query(self) -> NamedQuery:
        if self.name is not None:
            catalogue = load_catalogue(self.queries_dir)
            if self.name not in catalogue:
                raise QueryError(f"no query named {self.name!r}; `jhaan-kg query list` shows the catalogue")
            return catalogue[self.name]
        named = NamedQuery("ad-hoc", "ad-hoc", "ad-hoc", (), self.text or "")
        if self.values and named.text.startswith("#"):  # an ad-hoc query with a header declares its parameters
            named = parse_header(self.origin or "ad-hoc", named.text)
        return named


def ask(question: Question, inputs: list[Path], *, store_dir: Path | None, default_inputs: bool = True,
        store_named: bool = False, recompute: bool = False, endpoint: str | None = None,
        named_graph: str | None = None, say: Callable[[str], None] = lambda message: None) -> QueryResult:
    """The rows of `question`, on `endpoint` if given (over its `named_graph` where given); else on the store in `store_dir` while it matches
    `inputs`, with the answers `build` kept there (unless `recompute`); else on `inputs` loaded from the files.
    An agency or country parameter is put in the graph's spelling first, or refused (query.values).

    `say` gets a note where the store was expected (the project's own inputs, or a store the user named)
    but the files are read instead, because parsing takes seconds on a large graph where the store takes none.
    """
    query = question.query()
    listed = any(name in LISTED for name in question.values)  # the graph's names are read only when needed
    if endpoint is not None:
        values = question.values
        if listed:
            values = Choices(lambda text: run_sparql_endpoint(endpoint, text, graph=named_graph)).normalise(query, values)
        return run_named_query(None, query, values, endpoint=endpoint, named_graph=named_graph)
    graph = disk_store.open_store(store_dir, inputs) if store_dir is not None and disk_store.enabled() else None
    answers = None
    if graph is not None:
        if kept_answers.enabled() and not recompute:
            answers = kept_answers.KeptAnswers(store_dir)
    else:
        if store_dir is not None and (default_inputs or store_named) and (store_dir / disk_store.MANIFEST).is_file():
            say(f"note: {store_dir} does not match the input files (they changed since `build`, or it holds "
                "others); reading the Turtle files instead. `jhaan-kg build` brings it up to date.")
        elif store_named:
            say(f"note: no store in {store_dir}; reading the Turtle files instead")
        graph = load_graph(inputs, by_file=False)
    values = Choices(lambda text: run_sparql(graph, text)).normalise(query, question.values) if listed else question.values
    return run_named_query(graph, query, values, answers=answers)
