"""The validation report: results a data steward can read, as text, JSON or a SHACL report graph."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass

from ..namespaces import SH

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class ValidationResult:
    severity: str  # Violation, Warning or Info
    focus: str  # IRI (or blank node id) of the offending node
    focus_label: str  # its label, or that of the named node it hangs from
    path: str
    value: str
    message: str
    shape: str
    file: str = ""
    line: int | None = None

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
        return self.violations == 0

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
        for (severity, shape), n in sorted(by_shape.items(), key=lambda kv: (SEVERITY_ORDER[kv[0][0]], kv[0][1])):
            lines.append(f"{severity} x{n} {shape}")
            lines.extend("  " + r.to_text() for r in self.results if (r.severity, r.shape) == (severity, shape))
        totals = ", ".join(f"{n} {s.lower()}{'s' if n != 1 else ''}" for s, n in sorted(self.counts.items(), key=lambda kv: SEVERITY_ORDER[kv[0]]))
        lines.append(("Conforms" if self.conforms else "Does not conform") + f": {totals}.")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        return json.dumps({"conforms": self.conforms, "counts": self.counts,
                           "results": [asdict(r) for r in self.results]}, indent=2, ensure_ascii=False)


def report_to_turtle(results) -> str:
    """The results as a standard SHACL validation report graph."""
    import rdflib

    sh = rdflib.Namespace(SH)
    g = rdflib.Graph()
    g.bind("sh", sh)
    report = rdflib.BNode()
    g.add((report, rdflib.RDF.type, sh.ValidationReport))
    g.add((report, sh.conforms, rdflib.Literal(not any(r.severity == "Violation" for r in results))))
    for r in results:
        node = rdflib.BNode()
        g.add((report, sh.result, node))
        g.add((node, rdflib.RDF.type, sh.ValidationResult))
        g.add((node, sh.resultSeverity, sh[r.severity]))
        g.add((node, sh.focusNode, rdflib.URIRef(r.focus) if "://" in r.focus else rdflib.BNode(r.focus)))
        g.add((node, sh.resultMessage, rdflib.Literal(r.message)))
        g.add((node, sh.sourceShape, rdflib.Literal(r.shape)))
        if r.path:
            g.add((node, sh.resultPath, rdflib.Literal(r.path)))
        if r.value:
            g.add((node, sh.value, rdflib.Literal(r.value)))
    return g.serialize(format="turtle")




def sorted_results(results) -> tuple[ValidationResult, ...]:
    """`results` without repeats, in the report's order: severity, shape, file, line, node, property, value."""
    return tuple(sorted(set(results), key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), r.shape, r.file, r.line or 0,
                                                     r.focus, r.path, r.value, r.message)))
