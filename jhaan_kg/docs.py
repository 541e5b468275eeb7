"""HTML documentation of the ontology, made with pyLODE (its CSS is inlined: no CDN)."""

from __future__ import annotations

import logging
from pathlib import Path


def write_ontology_docs(ontology_file: Path, out_file: Path) -> None:
    """Render `ontology_file` (OWL in Turtle) as one self-contained HTML page."""
    logging.disable(logging.INFO)  # pyLODE logs chatter at INFO and DEBUG on the root logger
    try:
        from pylode import OntPub

        html = OntPub(ontology=str(ontology_file)).make_html()
    finally:
        logging.disable(logging.NOTSET)
    out_file.write_text(html, encoding="utf-8")
