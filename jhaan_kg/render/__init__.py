"""Stage 3b: drawing: the SVG toolkit, the RELEX and EMPACT figures, PNG, and the pages and their templates."""
