"""Reading SPARQL text: telling a query's code from its comments and strings."""

from __future__ import annotations

import re

# What the text of a query is split into to tell its code from its comments and strings: a string (the
# long forms first), an IRI, or a comment. A '#' inside a string or an IRI starts no comment.
SPARQL_TOKEN = re.compile(r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
                          r'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|<[^<>"{}|^`\\\s]*>|(?P<comment>#[^\n]*)''')


def strip_comments(text: str, literals_too: bool = False) -> str:
    """The text with comments blanked out (same length), so positions still match the original;
    with `literals_too`, IRIs and strings as well, leaving only the query's keywords and variables.

    >>> strip_comments('<http://a#b> "x#y" # note')
    '<http://a#b> "x#y"       '
    >>> strip_comments('<http://a#SERVICE> "SERVICE" # SERVICE', literals_too=True).strip()
    ''
    """
    return SPARQL_TOKEN.sub(lambda m: " " * len(m.group()) if literals_too or m.group("comment") else m.group(), text)


def strings_of(text: str) -> list[str]:
    """The contents of the strings a query writes (escapes as written), those in comments left out.

    >>> strings_of('''SELECT * { ?s ?p "2026-12-01", 'a#' } # "not this"''')
    ['2026-12-01', 'a#']
    """
    strings = (m.group("string") for m in SPARQL_TOKEN.finditer(text) if m.group("string"))
    return [s[3:-3] if s[:3] in ('"""', "'''") else s[1:-1] for s in strings]


def uses_service(text: str) -> bool:
    """Whether the query calls another endpoint (SERVICE), which a public endpoint must not do for a caller.

    >>> uses_service('SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }'), uses_service('SELECT ("SERVICE" AS ?x) {}')
    (True, False)
    """
    return re.search(r"\bSERVICE\b", strip_comments(text, literals_too=True), flags=re.IGNORECASE) is not None
