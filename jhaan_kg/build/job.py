"""The main job: load, validate and write everything a user opens, into build/ in one atomic step."""

from __future__ import annotations

import functools
import shutil
import sys
import tempfile
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from .. import __version__
from ..atomic import umask
from ..errors import InputError
from ..load import KnowledgeGraph, load_graph, load_shapes
from ..load import store as disk_store
from ..load.store import write_store
from ..namespaces import PREFIXES
from ..query import answers as kept_answers
from ..query.answers import answer_of, catalogue_texts, first_value_from, write_answers
from ..query.stats import count_graph
from ..render.docs import ontology_docs
from ..render.annex import annex_of, annex_pdf, figures_path, figures_turtle, sources_html
from ..render.infographics import write_infographics
from ..render.network_page import VIEWS, write_network
from ..render.pages import render_page
from ..render.png import write_png, write_png_if_cached
from ..validate import ValidationReport, validate_graph
from .background import Background


@dataclass(frozen=True)
class BuildSummary:
    out: Path
    counts: dict[str, int]
    report: ValidationReport
    files: tuple[str, ...] = field(default=())
    seconds: float = 0.0

    def to_text(self) -> str:
        c = self.counts
        lines = [f"Built {self.out}/ in {self.seconds:.1f} s",
                 f"  triples       {c['triples']:>7,}",
                 f"  agencies      {c['agencies']:>7,}",
                 f"  instruments   {c['instruments']:>7,}",
                 f"  countries     {c['countries']:>7,}  (counterparts of instruments)",
                 f"  organisations {c['organisations']:>7,}",
                 f"  events        {c['events']:>7,}",
                 f"  sources       {c['sources']:>7,}",
                 f"  violations    {self.report.violations:>7,}  (warnings: {self.report.counts.get('Warning', 0)})",
                 f"  files written {len(self.files):>7,}: " + ", ".join(self.files)]
        return "\n".join(lines) + "\n"


class Progress:
    """Numbered stage lines on stderr, each closed with its duration."""

    def __init__(self, total: int, quiet: bool = False):
        self.total, self.quiet, self.n = total, quiet, 0
        self.stream = sys.stderr  # looked up now, not at import, so redirected stderr is honoured

    def stage(self, title: str, work: Callable[[], str | None]):
        self.n += 1
        start = time.perf_counter()
        if not self.quiet:
            print(f"[{self.n}/{self.total}] {title} ...", end="", file=self.stream, flush=True)
        detail = work()
        if not self.quiet:
            print(f" {detail + ' ' if detail else ''}({time.perf_counter() - start:.2f} s)", file=self.stream, flush=True)


def build(ontology_dir: Path, graph_paths: list[Path], out: Path, quiet: bool = False,
          queries_dir: Path | None = None, force: bool = False, endpoint=None) -> BuildSummary:
    """Load `ontology_dir` and `graph_paths`, validate, and replace `out` with a fresh build; the drawings
    from `endpoint` (a query.Endpoint) where given, else from the graph loaded.

    Raises InputError (and leaves `out` untouched) when an input cannot be read, or when `out` holds files
    that a build did not write (unless `force`).
    """
    started = time.perf_counter()
    progress = Progress(total=8, quiet=quiet)
    state: dict = {}
    keep_store, keep_answers = disk_store.enabled(), disk_store.enabled() and kept_answers.enabled()

    def load() -> str:
        state["kg"] = load_graph([ontology_dir, *graph_paths], by_file=False)
        state["shapes"] = load_shapes([ontology_dir])
        return f"{len(state['kg'].files)} files, {len(state['kg'].merged):,} triples"

    def check() -> str:
        state["report"] = validate_graph(state["kg"], state["shapes"])
        return f"{state['report'].violations} violations, {state['report'].counts.get('Warning', 0)} warnings"

    # started before the graph is loaded, so that worker processes are forked small (build/background.py)
    background = Background()
    docs = background.in_process(ontology_docs, ontology_dir / "jhaan.ttl")
    pngs: list[Future] = []
    pdfs: list[Future] = []
    answers: dict[str, Future] = {}  # one query per task, so that a failed build cancels the rest
    staging: Path | None = None

    def write_png_file(svg: str, path: Path) -> None:
        if not write_png_if_cached(svg, path):
            pngs.append(background.in_process(write_png_file_in_worker, svg, path))

    def finish_background() -> str:
        (staging / "ontology").mkdir()
        (staging / "ontology" / "index.html").write_bytes(docs.result())
        done = ["ontology/index.html"] + [f.result().name for f in pngs + pdfs]
        if keep_answers:
            kept = {text: answer.result() for text, answer in answers.items()}
            write_answers(kept, staging / "store")
            done.append(f"store/answers/ ({sum(a is not None for a in kept.values())} queries)")
        return ", ".join(done)

    try:
        progress.stage("loading ontology and graph", load)
        kg: KnowledgeGraph = state["kg"]
        if keep_answers:
            # the graph's first value after today is looked up once for all the answers that read the clock
            first_value = functools.cache(functools.partial(first_value_from, kg.merged))
            answers.update((text, background.in_thread(answer_of, kg.merged, text, first_value))
                           for text in catalogue_texts(kg.merged, queries_dir))
        out = Path(out)
        check_out_folder(out, force)
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
        staging.chmod(0o777 & ~umask())  # mkdtemp makes it private; a build is for others to read
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        drawn_from = endpoint if endpoint is not None else kg
        remote = f" from {endpoint.url}" if endpoint is not None else ""
        progress.stage(f"drawing the RELEX and EMPACT infographics{remote} (PNGs render meanwhile)",
                       lambda: write_infographic_files(drawn_from, staging, write_png_file, queries_dir))
        progress.stage(f"laying out the annex{remote} (the PDF renders meanwhile) and the sources page",
                       lambda: write_annex_files(drawn_from, staging, background, pdfs, queries_dir))
        progress.stage(f"drawing the network pages{remote}",
                       lambda: write_network_files(drawn_from, staging, queries_dir))
        progress.stage("validating against the SHACL shapes", check)
        report: ValidationReport = state["report"]
        counts = count_graph(kg)
        progress.stage("writing the merged graph (Turtle, JSON-LD" + (", query store)" if keep_store else ")"),
                       lambda: write_graph_files(kg, staging, [ontology_dir, *graph_paths], keep_store))
        progress.stage("writing the validation report", lambda: write_report_files(report, staging))
        progress.stage("waiting for the ontology documentation, new PNGs and the catalogue's answers", finish_background)
        files = sorted(str(p.relative_to(staging)) for p in staging.rglob("*")
                       if p.is_file() and "store" not in p.relative_to(staging).parts and p.name != MARKER)
        files.append("index.html")
        write_index(staging, counts, report, files)
        _replace_dir(staging, out)
    except BaseException:
        for f in [docs, *pngs, *pdfs, *answers.values()]:
            f.cancel()
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        background.close()
    return BuildSummary(out, counts, report, tuple(sorted(files)), time.perf_counter() - started)


def write_graph_files(kg: KnowledgeGraph, out: Path, inputs: list[Path], keep_store: bool = True) -> str:
    # dumped by the store itself: no Python object per triple (a million triples stay well inside memory)
    kg.merged.dump(str(out / "jhaan.ttl"), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
    kg.merged.dump(str(out / "jhaan.jsonld"), ox.RdfFormat.JSON_LD, from_graph=ox.DefaultGraph())
    if not keep_store:
        return "jhaan.ttl, jhaan.jsonld"
    write_store(kg, inputs, out / "store")
    return "jhaan.ttl, jhaan.jsonld, store/"


def write_report_files(report: ValidationReport, out: Path) -> str:
    (out / "validation.txt").write_text(report.to_text(), encoding="utf-8")
    (out / "validation.json").write_text(report.to_json(), encoding="utf-8")
    (out / "validation.ttl").write_text(report.report_turtle, encoding="utf-8")
    return "validation.txt, validation.json, validation.ttl"


def write_infographic_files(kg: KnowledgeGraph, out: Path, write_png_file=None, queries_dir: Path | None = None) -> str:
    return ", ".join(write_infographics(kg, out, write_png_file=write_png_file, queries_dir=queries_dir))


def write_annex_files(kg: KnowledgeGraph, out: Path, background: Background, pdfs: list[Future],
                      queries_dir: Path | None = None) -> str:
    """The annex as of today: its pages are laid out here, rendered to annex.pdf in a worker; sources.html."""
    annex = annex_of(kg, queries_dir=queries_dir)
    (out / "sources.html").write_text(sources_html(annex), encoding="utf-8")
    figures_path(out / "annex.pdf").write_text(figures_turtle(annex), encoding="utf-8")  # for `jhaan-kg validate`
    pdfs.append(background.in_process(write_pdf_file_in_worker, annex, out / "annex.pdf"))
    return f"sources.html, annex-figures.ttl, annex.pdf ({len(annex.sheets)} pages, rendering)"


def write_pdf_file_in_worker(annex, path: Path) -> Path:
    """Render the annex PDF (in a worker process of `build`)."""
    path.write_bytes(annex_pdf(annex))
    return path


def write_network_files(kg: KnowledgeGraph, out: Path, queries_dir: Path | None = None) -> str:
    written = [p for view in VIEWS for p in write_network(kg, view, out / f"network-{view}.html", queries_dir=queries_dir)]
    return ", ".join(p.name for p in written)


def write_png_file_in_worker(svg: str, path: Path) -> Path:
    """Render one PNG (in a worker process of `build`)."""
    write_png(svg, path)
    return path


def write_index(out: Path, counts: dict[str, int], report: ValidationReport, files: list[str]) -> None:
    """build/index.html: the infographics and the network pages first, then what the graph holds, whether it
    has violations, and a link to every file written."""
    page = render_page("build_index.html", title="The JHA agencies and their cooperation", version=__version__,
                       built=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), report=report, counts=counts,
                       views=front_page_views(counts), files=[f for f in files if f != "index.html"],
                       annex="annex.pdf" if "annex.pdf" in files else "")
    (out / "index.html").write_text(page, encoding="utf-8")


def front_page_views(counts: dict[str, int]) -> list[dict[str, str]]:
    """What the front page offers, each page with its picture and a sentence on what it shows."""
    counts = {name: counts.get(name, 0) for name in ("instruments", "countries", "EMPACT involvements", "joint projects")}
    return [
        {"href": "relex.html", "image": "relex.svg", "alt": "The RELEX infographic", "title": "RELEX infographic",
         "text": f"Which agency holds which kind of cooperation instrument with which third country or international "
                 f"organisation, as in the annex of the network's yearly report: {counts['instruments']:,} instruments, "
                 f"with {counts['countries']:,} third countries and with international organisations, each with its "
                 f"sources."},
        {"href": "empact.html", "image": "empact.svg", "alt": "The EMPACT infographic", "title": "EMPACT infographic",
         "text": f"The EMPACT priorities of the policy cycle (Table 1 of the report, complete) and each agency's "
                 f"involvement in the action plans where a public source gives it ({counts['EMPACT involvements']:,} "
                 f"records, so far from complete)."},
        {"href": "network-relex.html", "image": "network-relex.svg", "alt": "The agencies and their counterparts",
         "title": "Instruments as a network",
         "text": "The same instruments as a network to filter by agency, type, region and status, to search, to move "
                 "through time from 2000 to today, and to click for each instrument's dates, status and sources."},
        {"href": "network-agencies.html", "image": "network-agencies.svg", "alt": "How the agencies work together",
         "title": "How the agencies work together",
         "text": f"The agencies linked by the {counts['joint projects']:,} joint projects, the meetings and the EMPACT "
                 f"action plans they share, each link with its evidence and sources."},
    ]


MARKER = ".jhaan-kg-build"
MARKER_TEXT = ("This folder was written by `jhaan-kg build`, which replaces all of it on the next build: keep nothing "
               "of your own here.\n")


LEGACY_BUILD = ("index.html", "jhaan.ttl", "validation.txt")


def check_out_folder(out: Path, force: bool = False) -> None:
    """Refuse to replace a folder a build did not write (it has no MARKER) unless it is empty or `force`:
    a build replaces its folder whole, and would take the user's files with it."""
    if force or not out.exists():
        return
    if not out.is_dir():
        raise InputError(out, "not a folder: give --out a folder (a build writes many files)")
    if (out / MARKER).is_file() or not any(out.iterdir()):
        return
    if all((out / name).is_file() for name in LEGACY_BUILD):  # written before builds left a marker
        return
    raise InputError(out, "this folder holds files that no build wrote, and a build replaces the whole folder: "
                          "choose another --out, empty it, or give --force to replace it anyway")


def _replace_dir(new: Path, target: Path) -> None:
    """Swap `new` into place of `target` with renames, so readers never see a half-written build."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{time.time_ns()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
