"""Stage 2: SHACL validation (report types, SHACL Core compiled to SPARQL, SHACL-SPARQL, the pySHACL fallback,
and validate_rdf, the engine open to anyone's graphs and shapes)."""

from .api import validate_rdf
from .engine import validate_files, validate_graph
from .report import ValidationReport, ValidationResult
from .results import show_term

__all__ = ["ValidationReport", "ValidationResult", "show_term", "validate_files", "validate_graph", "validate_rdf"]
