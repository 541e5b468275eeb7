"""The project's IRIs and every namespace it uses, defined once: other modules take them from here."""

BASE = "https://w3id.org/jhaan-kg/"
JHAAN = BASE + "ontology#"
ONTOLOGY = BASE + "ontology"
SHAPES = BASE + "shapes#"
ID = BASE + "id/"
CONCEPT = BASE + "concept/"
PUBLISHED = BASE + "graph"  # the named graph `publish` loads the build into, by default

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
CV = "http://data.europa.eu/m8g/"
SH = "http://www.w3.org/ns/shacl#"
SVG = "http://www.w3.org/2000/svg"
SPARQL_RESULTS = "http://www.w3.org/2005/sparql-results#"
XML = "http://www.w3.org/XML/1998/namespace"
# names the validator gives what it keeps only while it runs (the shapes graph of SHACL-SPARQL's
# $shapesGraph, scratch triples): never written to a file
INTERNAL = "urn:jhaan-kg:"

# the terms several modules name
RDF_TYPE = RDF + "type"
RDFS_LABEL = RDFS + "label"
RDFS_SUBCLASS_OF = RDFS + "subClassOf"
PREF_LABEL = SKOS + "prefLabel"
DCTERMS_SOURCE = DCTERMS + "source"
DCTERMS_TITLE = DCTERMS + "title"

PREFIXES: dict[str, str] = {
    "jhaan": JHAAN,
    "shapes": SHAPES,
    "agency": ID + "agency/",
    "country": ID + "country/",
    "organisation": ID + "organisation/",
    "instrument": ID + "instrument/",
    "event": ID + "event/",
    "empact": ID + "empact/",
    "network": ID + "network/",
    "place": ID + "place/",
    "source": ID + "source/",
    "citation": ID + "citation/",
    "itype": CONCEPT + "instrument-type/",
    "istatus": CONCEPT + "instrument-status/",
    "erole": CONCEPT + "empact-role/",
    "prole": CONCEPT + "participant-role/",
    "region": CONCEPT + "region/",
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "org": ORG,
    "foaf": FOAF,
    "cv": CV,
    "sh": SH,
}


def sparql_prefixes() -> str:
    """The PREFIX lines for every namespace above, for queries written inside the code."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def shorten(iri: str) -> str:
    """A prefixed name for `iri` where a prefix fits, else the IRI in angle brackets.

    >>> shorten("https://w3id.org/jhaan-kg/id/agency/europol")
    'agency:europol'
    """
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return f"<{iri}>"
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    local = iri[len(best):]
    if local and all(c.isalnum() or c in "-_." for c in local) and not local.endswith("."):
        return f"{prefix}:{local}"
    return f"<{iri}>"
