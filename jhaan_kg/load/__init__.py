"""Stage 1: read the project's Turtle files into an embedded store (files, graph, line locator, on-disk store)."""

from .files import file_graph_name, graph_name_to_path, is_shapes_file, parse_turtle, read_utf8, turtle_files
from .graph import KnowledgeGraph, load_graph, load_shapes
from .lines import subject_line
from .written import rewritten

__all__ = ["KnowledgeGraph", "file_graph_name", "graph_name_to_path", "is_shapes_file", "load_graph", "load_shapes",
           "parse_turtle", "read_utf8", "rewritten", "subject_line", "turtle_files"]
