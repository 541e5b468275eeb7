"""The ontology and its vocabularies, linted with SPARQL: every term labelled, defined and declared."""

from helpers import select


def test_every_term_has_a_label_a_definition_and_is_defined_by_the_ontology(ontology_kg):
    rows = select(ontology_kg, """
        SELECT ?term ?problem WHERE {
          ?term a ?kind . VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty }
          FILTER STRSTARTS(STR(?term), STR(jhaan:))
          { FILTER NOT EXISTS { ?term rdfs:label ?l FILTER(LANG(?l) = "en") } BIND("no English label" AS ?problem) }
          UNION { FILTER NOT EXISTS { ?term skos:definition ?d FILTER(LANG(?d) = "en") } BIND("no definition" AS ?problem) }
          UNION { FILTER NOT EXISTS { ?term rdfs:isDefinedBy <https://w3id.org/jhaan-kg/ontology> } BIND("no rdfs:isDefinedBy" AS ?problem) }
        }""")
    assert rows == []


def test_definitions_are_sentences_that_do_not_restate_the_label(ontology_kg):
    rows = select(ontology_kg, """
        SELECT ?term ?d WHERE {
          ?term skos:definition ?d ; rdfs:label|skos:prefLabel ?l .
          FILTER (!REGEX(STR(?d), "^[A-Z].*[.]$") || LCASE(STR(?d)) = LCASE(STR(?l)))
        }""")
    assert rows == []


def test_every_concept_is_labelled_defined_and_in_a_described_scheme(ontology_kg):
    rows = select(ontology_kg, """
        SELECT ?c WHERE {
          ?c a skos:Concept .
          FILTER (NOT EXISTS { ?c skos:prefLabel ?l } || NOT EXISTS { ?c skos:definition ?d }
                  || NOT EXISTS { ?c skos:inScheme ?s . ?s a skos:ConceptScheme ; skos:prefLabel ?sl })
        }""")
    assert rows == []
    schemes = {r["s"].rsplit("/", 1)[-1] for r in select(ontology_kg, "SELECT ?s WHERE { ?s a skos:ConceptScheme }")}
    assert {"instrument-type", "instrument-status", "empact-role", "region", "event-format",
            "participant-role"} <= schemes


def test_instrument_types_carry_the_legend_labels_in_legend_order(ontology_kg):
    rows = select(ontology_kg, """
        SELECT ?label ?order WHERE {
          ?c skos:inScheme <https://w3id.org/jhaan-kg/concept/instrument-type> ; skos:prefLabel ?label .
          OPTIONAL { ?c jhaan:legendOrder ?order }
        } ORDER BY ?order""")
    in_legend = [r["label"] for r in rows if r["order"] is not None]
    assert in_legend == ["Cooperation agreement", "Operational agreement", "Strategic agreement",
                         "Working arrangement", "EU Status Agreement", "Council decision",
                         "Administrative arrangement for cooperation", "Exchange of letters"]
    assert [r["label"] for r in rows if r["order"] is None] == ["Memorandum of Understanding"]


def test_every_jhaan_term_used_in_the_data_is_declared(kg):
    rows = select(kg, """
        SELECT DISTINCT ?term WHERE {
          { ?s ?term ?o } UNION { ?s a ?term }
          FILTER STRSTARTS(STR(?term), STR(jhaan:))
          FILTER NOT EXISTS { ?term rdfs:isDefinedBy <https://w3id.org/jhaan-kg/ontology> }
        }""")
    assert rows == []


def test_every_concept_used_in_the_data_exists(kg):
    rows = select(kg, """
        SELECT DISTINCT ?c WHERE {
          ?s ?p ?c . FILTER STRSTARTS(STR(?c), "https://w3id.org/jhaan-kg/concept/")
          FILTER NOT EXISTS { ?c a skos:Concept } FILTER NOT EXISTS { ?c a skos:ConceptScheme }
        }""")
    assert rows == []
