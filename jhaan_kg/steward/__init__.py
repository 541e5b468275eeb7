"""Stage 4: changing the graph safely: change plans, placement, scoped re-validation, CSV import, diff,
canonical Turtle, coverage."""
