"""Stage 2: SHACL validation (report types, SHACL Core compiled to SPARQL, SHACL-SPARQL, the pySHACL fallback)."""

from .engine import validate_files, validate_graph
from .report import ValidationReport, ValidationResult
from .results import show_term

__all__ = ["ValidationReport", "ValidationResult", "show_term", "validate_files", "validate_graph"]
