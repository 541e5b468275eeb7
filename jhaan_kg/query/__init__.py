"""Stage 3: the query catalogue, parameters bound as RDF terms, running embedded or remote, result formats."""

from .bind import bind_parameters, to_term
from .catalogue import NamedQuery, Parameter, load_catalogue, parse_header
from .run import Endpoint, QueryResult, run_named_query, run_sparql, run_sparql_endpoint
from .text import strings_of, strip_comments, uses_service

__all__ = ["NamedQuery", "Parameter", "QueryResult", "bind_parameters", "load_catalogue", "parse_header",
           "Endpoint", "run_named_query", "run_sparql", "run_sparql_endpoint", "strings_of", "strip_comments", "to_term",
           "uses_service"]
