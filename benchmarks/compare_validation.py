"""Validation engines side by side on the same data and shapes: ours (SHACL compiled to SPARQL on
pyoxigraph) against plain pySHACL over rdflib. Prints seconds and the ratio.

    python -m benchmarks.compare_validation [DATA ...]     (default: graph/)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(paths: list[Path]) -> None:
    import pyoxigraph as ox
    import pyshacl
    import rdflib

    from jhaan_kg.load import load_graph, load_shapes
    from jhaan_kg.validate import validate_graph
    from jhaan_kg.validate.fallback import to_rdflib

    shapes = load_shapes([ROOT / "ontology"])
    shapes_graph = rdflib.Graph().parse(data=ox.serialize(shapes, format=ox.RdfFormat.N_TRIPLES), format="nt")
    print(f"{'data':<28} {'triples':>9} {'ours s':>8} {'pySHACL s':>10} {'ratio':>6} {'same results':>13}")
    for path in paths:
        kg = load_graph([ROOT / "ontology", path])
        start = time.perf_counter()
        report = validate_graph(kg, shapes)
        ours = time.perf_counter() - start
        data = to_rdflib(kg.merged)
        start = time.perf_counter()
        conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes_graph, advanced=True, allow_warnings=True,
                                                inference="none")
        theirs = time.perf_counter() - start
        sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
        count = sum(1 for r in results.subjects(rdflib.RDF.type, sh.ValidationResult) if (None, sh.detail, r) not in results)
        print(f"{str(path)[-28:]:<28} {len(kg.merged):>9,} {ours:>8.2f} {theirs:>10.2f} {theirs / ours:>6.0f} "
              f"{str(count == len(report.results) and conforms == report.conforms):>13}")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or [ROOT / "graph"])
