"""The validation report: results a data steward can read, as text, JSON or a SHACL report graph.

Each result carries two views of itself: the words a steward reads (the node's label, prefixed names, file
and line) and the RDF terms of the standard report (SHACL 3.6: focus node, path, value, source shape and
source constraint component), written in Turtle syntax so that a result stays a plain, hashable record.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass

from ..namespaces import PREFIXES, SH

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class ValidationResult:
    severity: str  # Violation, Warning or Info (SHACL's), else the <IRI> of a severity of the shapes' own
    focus: str  # IRI (or blank node id) of the offending node
    focus_label: str  # its label, or that of the named node it hangs from
    path: str
    value: str
    message: str
    shape: str
    file: str = ""
    line: int | None = None
    # the standard report's terms, in Turtle syntax ("" when the result has none)
    focus_node: str = ""  # sh:focusNode: <IRI>, _:id or a literal
    result_path: str = ""  # sh:resultPath: <IRI>, or a path node ([ sh:inversePath <IRI> ], ( <a> <b> ), ...)
    value_node: str = ""  # sh:value
    source_shape: str = ""  # sh:sourceShape: <IRI>, or _:shape-... for a shape without one
    component: str = ""  # sh:sourceConstraintComponent: <IRI>

    def to_text(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [f"{self.severity}: {self.focus_label}", f"property {self.path}" if self.path else "",
                 f"value {self.value}" if self.value else "", self.message, f"[{self.shape}]", f"({where})" if where else ""]
        return " | ".join(p for p in parts if p)


@dataclass(frozen=True)
class ValidationReport:
    results: tuple[ValidationResult, ...]

    @property
    def report_turtle(self) -> str:
        """The results as a standard SHACL validation report graph, in Turtle (made when asked for)."""
        return report_to_turtle(self.results)

    @property
    def conforms(self) -> bool:
        """SHACL's sh:conforms (3.6.1): true only when there is no result at all, of any severity. Whether a
        graph is accepted (exit codes, update) goes by `violations`: warnings are recommendations."""
        return not self.results

    @property
    def violations(self) -> int:
        return sum(r.severity == "Violation" for r in self.results)

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(r.severity for r in self.results))

    def to_text(self) -> str:
        if not self.results:
            return "Conforms: no violations, no warnings.\n"
        lines = []
        by_shape = Counter((r.severity, r.shape) for r in self.results)
        for (severity, shape), n in sorted(by_shape.items(), key=lambda kv: (SEVERITY_ORDER.get(kv[0][0], 9), kv[0][1])):
            lines.append(f"{severity} x{n} {shape}")
            lines.extend("  " + r.to_text() for r in self.results if (r.severity, r.shape) == (severity, shape))
        totals = ", ".join(f"{n} {s.lower()}{'s' if n != 1 else ''}" for s, n in sorted(self.counts.items(), key=lambda kv: SEVERITY_ORDER.get(kv[0], 9)))
        if self.violations:
            lines.append(f"Does not conform: {totals}.")
        else:  # SHACL does not call it conforming, but nothing is required: say so plainly
            lines.append(f"No violations; {totals}.")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        return json.dumps({"conforms": self.conforms, "counts": self.counts,
                           "results": [asdict(r) for r in self.results]}, indent=2, ensure_ascii=False)


def report_to_turtle(results) -> str:
    """The results as a standard SHACL validation report graph (SHACL 3.6), in Turtle."""
    import rdflib  # only when the Turtle report is asked for: see the README's layout

    lines = [f"@prefix sh: <{SH}> .", "[] a sh:ValidationReport ;", f"  sh:conforms {'false' if results else 'true'} ."]
    for r in results:
        severity = f"sh:{r.severity}" if r.severity in SEVERITY_ORDER else r.severity  # else an IRI of its own
        lines.append(f"[] a sh:ValidationResult ; sh:resultSeverity {severity} ; sh:resultMessage {_string(r.message)}")
        for prop, term in (("focusNode", r.focus_node), ("resultPath", r.result_path), ("value", r.value_node),
                           ("sourceShape", r.source_shape), ("sourceConstraintComponent", r.component)):
            if term:
                lines.append(f"  ; sh:{prop} {term}")
        lines.append("  .")
    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.parse(data="\n".join(lines), format="turtle")
    report = next(graph.subjects(rdflib.RDF.type, rdflib.URIRef(SH + "ValidationReport")))
    for result in list(graph.subjects(rdflib.RDF.type, rdflib.URIRef(SH + "ValidationResult"))):
        graph.add((report, rdflib.URIRef(SH + "result"), result))
    return graph.serialize(format="turtle")


def _string(text: str) -> str:
    """`text` as a Turtle string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def sorted_results(results) -> tuple[ValidationResult, ...]:
    """`results` in the report's order: severity, shape, file, line, node, property, value. Two equal results
    stay two: a node that lacks both classes sh:class names is two results (W3C core/node/class-003)."""
    return tuple(sorted(results, key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), r.shape, r.file, r.line or 0,
                                                r.focus, r.path, r.value, r.message, r.focus_node, r.value_node,
                                                r.component)))
