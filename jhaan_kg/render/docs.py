"""HTML documentation of the ontology, made with pyLODE (its CSS is inlined: no CDN)."""

from __future__ import annotations

import logging
from importlib.metadata import version
from pathlib import Path

from ..cache import cached_bytes


def ontology_docs(ontology_file: Path) -> bytes:
    """`ontology_file` (OWL in Turtle) as one self-contained HTML page (cached by its content)."""
    def render() -> bytes:
        logging.disable(logging.INFO)  # pyLODE logs chatter at INFO and DEBUG on the root logger
        try:
            from pylode import OntPub  # only when not cached: see the README's layout

            return OntPub(ontology=str(ontology_file)).make_html().encode("utf-8")
        finally:
            logging.disable(logging.NOTSET)

    key = version("pylode").encode() + b"\n" + Path(ontology_file).read_bytes()
    return cached_bytes("ontology-docs", key, render)
