"""Stage 5: publishing the graph: the read-only SPARQL 1.1 endpoint and its pages (`jhaan-kg serve`)."""
