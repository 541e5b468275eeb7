"""Validation engines side by side on the same data and shapes: ours (SHACL compiled to SPARQL on
pyoxigraph) against plain pySHACL over rdflib, each reading the Turtle files itself. Prints seconds, the ratio
and whether both find the same results (focus node, shape, severity, value, constraint component; blank
nodes loosely) and the same sh:conforms.

    python -m benchmarks.compare_validation [DATA ...]     (default: graph/)
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(paths: list[Path]) -> None:
    import pyoxigraph as ox
    import pyshacl
    import rdflib

    from jhaan_kg.load import is_shapes_file, load_graph, load_shapes, turtle_files
    from jhaan_kg.namespaces import SH
    from jhaan_kg.validate import validate_graph
    from jhaan_kg.validate.fallback import shape_name
    from jhaan_kg.validate.terms import to_ox_term

    def loose(term: str) -> str:
        return "_:" if term.startswith("_:") else term

    shapes = load_shapes([ROOT / "ontology"])
    shapes_graph = rdflib.Graph().parse(data=ox.serialize(shapes, format=ox.RdfFormat.N_TRIPLES), format="nt")
    print(f"{'data':<28} {'triples':>9} {'ours s':>8} {'pySHACL s':>10} {'ratio':>6} {'same results':>13}")
    for path in paths:
        kg = load_graph([ROOT / "ontology", path])
        start = time.perf_counter()
        report = validate_graph(kg, shapes)
        ours = time.perf_counter() - start
        ours_found = Counter((loose(r.focus_node), r.shape, r.severity, loose(r.value_node), r.component) for r in report.results)
        data = rdflib.Graph()
        for file in turtle_files([ROOT / "ontology", path]):
            if not is_shapes_file(file):
                data.parse(file, format="turtle")
        start = time.perf_counter()
        conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes_graph, advanced=True, inference="none")
        theirs = time.perf_counter() - start
        sh = rdflib.Namespace(SH)
        found = Counter()
        for r in results.objects(None, sh.result):
            value = results.value(r, sh.value)
            found[(loose(str(to_ox_term(results.value(r, sh.focusNode)))), shape_name(shapes_graph, results.value(r, sh.sourceShape)),
                   str(results.value(r, sh.resultSeverity))[len(SH):], loose(str(to_ox_term(value))) if value is not None else "",
                   f"<{results.value(r, sh.sourceConstraintComponent)}>")] += 1
        print(f"{str(path)[-28:]:<28} {len(kg.merged):>9,} {ours:>8.2f} {theirs:>10.2f} {theirs / ours:>6.0f} "
              f"{str(found == ours_found and conforms == report.conforms):>13}")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or [ROOT / "graph"])
