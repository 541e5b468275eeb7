"""How fast the network pages open and answer, in Debian's Chromium (the browser the tests use).

    python -m benchmarks.network_pages PAGE.html [PAGE.html ...] [--repeat 3]
    python -m benchmarks.network_pages --graph /tmp/synthetic-1m --out /tmp/network-1m [--repeat 3]

With --graph, first writes both pages of that graph into --out with `jhaan-kg network` (timing each
command, whole process) and then measures them. For each page it prints its size and the median over
REPEAT openings of:

- first draw: from the start of navigation to the end of vis-network's first drawing of the graph
  (`Jhaan.network.timings.firstDraw`, the page's own performance.now());
- filter: from a click on a filter's first checkbox (the first agency, switched off) to the end of the
  next two animation frames, by when the graph is drawn again; also the part the page's script takes
  before returning (work done in the click's handler: working out what is shown, handing it to vis);
- date (RELEX): the same for a new day typed into the date field.

Targets (issue 19): on graph/ each view drawn within 1 s of opening, a filter within 0.2 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import launch, open_page  # noqa: E402  (the tests' helper: every other host blocked)

FILTER = """async () => {
    const input = document.querySelector("input[data-filter=agency]");
    const t0 = performance.now();
    input.click();
    const handler = performance.now() - t0;
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    return {handler: handler, drawn: performance.now() - t0};
}"""

DATE = """async (day) => {
    const field = document.getElementById("net-day");
    const t0 = performance.now();
    field.value = day;
    field.dispatchEvent(new Event("change"));
    const handler = performance.now() - t0;
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    return {handler: handler, drawn: performance.now() - t0};
}"""


def write_pages(graph: Path, out: Path) -> tuple[list[Path], dict[str, float]]:
    """Both pages of `graph` written into `out` by the command line, and the seconds each command took."""
    out.mkdir(parents=True, exist_ok=True)
    pages, seconds = [], {}
    for which in ("relex", "agencies"):
        page = out / f"network-{which}.html"
        start = time.perf_counter()
        subprocess.run([str(ROOT / ".venv" / "bin" / "jhaan-kg"), "--root", str(ROOT), "network", which, "--graph",
                        str(graph), "--out", str(page)], check=True, capture_output=True)
        seconds[which] = time.perf_counter() - start
        pages.append(page)
    return pages, seconds


def measure(browser, page_file: Path, repeat: int) -> dict[str, float]:
    """Median milliseconds of each measure over `repeat` openings of the page."""
    runs: dict[str, list[float]] = {}
    for _ in range(repeat):
        visit = open_page(browser, str(page_file))
        page = visit.page
        page.wait_for_function("() => window.Jhaan && Jhaan.network.timings.firstDraw !== null", timeout=300_000)
        found = {"first draw": page.evaluate("() => Jhaan.network.timings.firstDraw"),
                 "nodes": page.evaluate("() => Jhaan.network.drawnNodeIds().length")}
        result = page.evaluate(FILTER)
        found["filter"], found["filter (handler)"] = result["drawn"], result["handler"]
        if page.evaluate("() => Jhaan.network.RELEX"):
            result = page.evaluate(DATE, "2010-12-31")
            found["date"], found["date (handler)"] = result["drawn"], result["handler"]
        found["edges"] = page.evaluate("() => Jhaan.network.data.edges.length")
        assert visit.external == [] and visit.errors == [], (visit.external, visit.errors)
        page.close()
        for key, value in found.items():
            runs.setdefault(key, []).append(value)
    return {key: statistics.median(values) for key, values in runs.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", type=Path)
    parser.add_argument("--graph", type=Path, help="write both pages of this graph first (jhaan-kg network)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/network-pages-bench"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    pages, seconds = list(args.pages), {}
    if args.graph:
        written, seconds = write_pages(args.graph, args.out)
        pages += written
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        for page_file in pages:
            figures = measure(browser, page_file, args.repeat)
            which = "relex" if "relex" in page_file.name else "agencies"
            print(f"{page_file}: {page_file.stat().st_size / 1e6:.2f} MB"
                  + (f", written by `jhaan-kg network {which}` in {seconds[which]:.1f} s" if which in seconds else ""))
            print(f"  {figures.pop('nodes'):.0f} nodes drawn, {figures.pop('edges'):.0f} edges in the data")
            for key, value in figures.items():
                print(f"  {key:<16} {value:8.0f} ms (median of {args.repeat})")
        browser.close()


if __name__ == "__main__":
    main()
