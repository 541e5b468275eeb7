"""A seeded generator of synthetic graphs in the project's ontology, for benchmarks only.

    python -m benchmarks.generate --triples 100000 --out /tmp/synthetic-100k

The graph looks like graph/: agencies, countries, instruments with status changes, events with
participations, EMPACT plans and involvements, each with sources. It is valid against ontology/shapes.ttl
except for VIOLATIONS deliberate violations (printed at the end). Synthetic data never enters graph/.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

PREFIXES = """@prefix jhaan: <https://w3id.org/jhaan-kg/ontology#> .
@prefix agency: <https://w3id.org/jhaan-kg/id/agency/> .
@prefix country: <https://w3id.org/jhaan-kg/id/country/> .
@prefix instrument: <https://w3id.org/jhaan-kg/id/instrument/> .
@prefix event: <https://w3id.org/jhaan-kg/id/event/> .
@prefix empact: <https://w3id.org/jhaan-kg/id/empact/> .
@prefix itype: <https://w3id.org/jhaan-kg/concept/instrument-type/> .
@prefix istatus: <https://w3id.org/jhaan-kg/concept/instrument-status/> .
@prefix erole: <https://w3id.org/jhaan-kg/concept/empact-role/> .
@prefix prole: <https://w3id.org/jhaan-kg/concept/participant-role/> .
@prefix region: <https://w3id.org/jhaan-kg/concept/region/> .
@prefix cgroup: <https://w3id.org/jhaan-kg/concept/country-group/> .
@prefix ekind: <https://w3id.org/jhaan-kg/concept/event-kind/> .
@prefix network: <https://w3id.org/jhaan-kg/id/network/> .
@prefix nrole: <https://w3id.org/jhaan-kg/concept/network-role/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
AGENCIES = ["cepol", "eige", "emcdda", "euaa", "eu-lisa", "eurojust", "europol", "fra", "frontex"]
TYPES = ["cooperation-agreement", "operational-agreement", "strategic-agreement", "working-arrangement",
         "administrative-arrangement", "exchange-of-letters"]
REGIONS = ["western-balkans", "eastern-partnership", "southern-neighbourhood", "other-europe", "africa",
           "middle-east-asia", "americas", "oceania"]
PRIORITIES = ["hrcn", "cyber", "thb", "cse", "migr", "cch", "syd-nps", "ofs", "exc", "mtic", "iprcgc", "cfmlar", "opc", "envi", "fia"]
VIOLATIONS = 10  # 2 missing sources, 2 Frontex with a Schengen associated state, 2 dates out of order,
                 # 2 suspensions without a reason, 2 negative counts


def generate(triples: int, out: Path, seed: int = 7) -> dict[str, int]:
    """Write `triples` triples of synthetic data into `out` (at most one entity's worth more: the last
    entity is written whole); return counts by kind, the triples written among them."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    source = "<https://example.org/synthetic-source>"
    base = [PREFIXES, f'{source} a jhaan:SourceDocument ; dcterms:title "Synthetic source"@en .\n']
    for a in AGENCIES:
        base.append(f'agency:{a} a jhaan:Agency ; skos:prefLabel "Agency {a}"@en ; jhaan:acronym "{a.upper()}" ; dcterms:source {source} .\n')
    base.append(f'network:synthetic a jhaan:AgenciesNetwork ; jhaan:acronym "SYN" ; skos:prefLabel "Synthetic network"@en ; '
                f'dcterms:source {source} ; org:hasMembership '
                + " , ".join(f"[ a org:Membership ; org:member agency:{a} ; org:organization network:synthetic ; "
                             f"org:role nrole:member ]" for a in AGENCIES) + " .\n")
    countries = max(20, triples // 2000)
    for i in range(countries):
        group = " ; jhaan:countryGroup cgroup:schengen-associated" if i < 2 else ""
        base.append(f'country:c{i} a jhaan:Country ; skos:prefLabel "Country {i}"@en ; jhaan:iso2 "{_code(i)}" ; '
                    f'jhaan:inRegion region:{REGIONS[i % len(REGIONS)]}{group} ; dcterms:source {source} .\n')
    for p in PRIORITIES:
        base.append(f'empact:p-{p} a jhaan:EmpactPriority ; skos:prefLabel "Priority {p}"@en ; jhaan:abbreviation "{p.upper()}" ; '
                    f'jhaan:inCycle empact:cycle-2022-2025 ; dcterms:source {source} .\n')
    # the cycle the EMPACT infographic draws by default
    base.append(f'empact:cycle-2022-2025 a jhaan:PolicyCycle ; rdfs:label "Cycle 2022-2025"@en ; '
                f'jhaan:startYear "2022"^^xsd:gYear ; jhaan:endYear "2025"^^xsd:gYear ; dcterms:source {source} .\n')
    (out / "base.ttl").write_text("".join(base), encoding="utf-8")

    # every triple is counted as it is written: a source document 2, an agency 4 and its membership 5, the
    # network 4, a country 5 (6 in a group), a priority 5, the cycle 5
    written = 2 + 9 * len(AGENCIES) + 4 + (5 * countries + 2) + 5 * len(PRIORITIES) + 5
    counts = {"instruments": 0, "events": 0, "involvements": 0}
    parts = {"instruments": [PREFIXES], "events": [PREFIXES], "empact": [PREFIXES]}
    broken = {"source": 2, "schengen": 2, "order": 2, "reason": 2, "count": 2}
    seen: set[tuple[str, int, str]] = set()
    n = 0
    while written < triples:
        n += 1
        kind = rng.random()
        if kind < 0.6:  # an instrument: 9 triples, 15 with a status change
            a = rng.choice(AGENCIES)
            c = rng.randrange(2, countries)
            if a == "frontex" and broken["schengen"]:
                broken["schengen"] -= 1
                c = broken["schengen"]  # countries 0 and 1 are Schengen associated
            year = rng.randrange(1995, 2024)
            signed, in_force = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}", f"{year + 1}-01-15"
            while (a, c, signed) in seen:  # no accidental duplicates: only the deliberate violations
                signed = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            seen.add((a, c, signed))
            if broken["order"] and n % 7 == 0:
                broken["order"] -= 1
                in_force = f"{year - 1}-01-15"
            src = f" ; dcterms:source {source}"
            if broken["source"] and n % 11 == 0:
                broken["source"] -= 1
                src = ""
            status = ""
            if rng.random() < 0.1:
                reason = ' ; jhaan:reason "Synthetic reason."@en'
                if broken["reason"]:
                    broken["reason"] -= 1
                    reason = ""
                status = (f' ; jhaan:statusChange [ a jhaan:StatusChange ; jhaan:status istatus:suspended ; '
                          f'jhaan:statusDate "{year + 1}-03-01"^^xsd:date{reason} ; dcterms:source {source} ]')
            parts["instruments"].append(
                f'instrument:i{n} a jhaan:CooperationInstrument ; rdfs:label "Instrument {n}"@en ; jhaan:agency agency:{a} ; '
                f'jhaan:counterpart country:c{c} ; jhaan:instrumentType itype:{_type(rng, a, year)} ; '
                f'jhaan:dateSigned "{signed}"^^xsd:date ; jhaan:dateInForce "{in_force}"^^xsd:date ; '
                f'jhaan:allowsPersonalDataExchange {str(rng.random() < 0.5).lower()}{status}{src} .\n')
            counts["instruments"] += 1
            # 8 statements and a source, and the status change's link, 4 statements and a source
            written += 8 + (1 if src else 0) + ((5 if reason else 4) + 1 if status else 0)
        elif kind < 0.85:  # an event with 2-6 participations: 13-29 triples
            people = rng.sample(AGENCIES, rng.randrange(2, 7))
            assoc = " , ".join(f"[ a prov:Association ; prov:agent agency:{p} ; prov:hadRole prole:participant ]" for p in people)
            day = f"{rng.randrange(2015, 2024)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            parts["events"].append(f'event:e{n} a jhaan:Event ; rdfs:label "Event {n}"@en ; jhaan:eventKind ekind:expert-meeting ; '
                                   f'jhaan:startDate "{day}"^^xsd:date ; prov:qualifiedAssociation {assoc} ; dcterms:source {source} .\n')
            counts["events"] += 1
            written += 5 + 4 * len(people)  # 5 statements, and per person the link and 3 statements
        else:  # an EMPACT plan and an involvement: 10 triples
            year, p = rng.randrange(2022, 2026), rng.choice(PRIORITIES)
            count = rng.randrange(0, 30)
            if broken["count"]:
                broken["count"] -= 1
                count = -1
            parts["empact"].append(
                f'empact:plan{n} a jhaan:OperationalActionPlan ; jhaan:priority empact:p-{p} ; jhaan:year "{year}"^^xsd:gYear ; dcterms:source {source} .\n'
                f'empact:inv{n} a jhaan:EmpactInvolvement ; jhaan:agency agency:{rng.choice(AGENCIES)} ; jhaan:actionPlan empact:plan{n} ; '
                f'jhaan:empactRole erole:{rng.choice(["driver", "co-driver", "action-leader", "participant"])} ; '
                f'jhaan:operationalActionCount {count} ; dcterms:source {source} .\n')
            counts["involvements"] += 1
            written += 4 + 6
    for name, lines in parts.items():
        (out / f"{name}.ttl").write_text("".join(lines), encoding="utf-8")
    missing = sum(broken.values())
    counts["violations"] = VIOLATIONS - missing
    counts["triples"] = written
    return counts


def _type(rng: random.Random, agency: str, year: int) -> str:
    if agency == "emcdda" and year < 2015:  # the legend's footnote 3, which a shape checks
        return "memorandum-of-understanding"
    return rng.choice(TYPES)


def _code(i: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return letters[i // 26 % 26] + letters[i % 26]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    counts = generate(args.triples, args.out, args.seed)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
