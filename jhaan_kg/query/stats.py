"""Counts that summarise the graph, each one a SPARQL query so any triple store gives the same."""

from __future__ import annotations

from ..load import KnowledgeGraph
from ..namespaces import sparql_prefixes

COUNTS = {
    "agencies": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a jhaan:Agency }",
    "instruments": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a jhaan:CooperationInstrument }",
    "countries": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?i jhaan:counterpart ?c . ?c a jhaan:Country }",
    "organisations": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?t VALUES ?t { jhaan:EUBody jhaan:InternationalOrganisation jhaan:OtherOrganisation jhaan:CommissionService } }",
    "events": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a jhaan:Event }",
    "EMPACT involvements": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a jhaan:EmpactInvolvement }",
    "joint projects": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a jhaan:JointProject }",
    "sources": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?t VALUES ?t { jhaan:SourceDocument } }",
}


def count_graph(kg: KnowledgeGraph) -> dict[str, int]:
    """Triples and the number of things of each main kind in `kg`."""
    counts = {"triples": len(kg.merged)}
    for name, query in COUNTS.items():
        rows = list(kg.query(sparql_prefixes() + query))
        counts[name] = int(rows[0]["n"].value)
    return counts
