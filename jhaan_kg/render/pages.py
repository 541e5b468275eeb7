"""Every HTML page of the package comes from here: one Jinja2 environment over render/templates/.

Autoescape is on for every template: whatever comes from the data (a label, a title, a query, a URL) is
escaped where it goes into a page, so it can never become markup. Each page template extends base.html,
which inlines the one stylesheet, style.css, so that a page is a single file that opens from file:// with
no other request. Python code passes data to the templates and builds no markup itself (a test checks).

>>> page = render_page("build_index.html", title="<b>", version="0", built="today", counts={"triples": 1200}, views=[],
...                    report=type("Report", (), {"violations": 0, "counts": {}})(), files=[], annex="")
>>> "<title>&lt;b&gt;</title>" in page, "1,200" in page
(True, True)
"""

from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..namespaces import BASE

BASE_TEMPLATE = "base.html"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The one environment of the package (templates are package data: render/templates/*)."""
    env = Environment(loader=PackageLoader("jhaan_kg.render", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["short_url"] = short_url
    env.tests["web_address"] = is_web_address
    return env


def render_page(template_name: str, **context) -> str:
    """The page `template_name` of render/templates/ filled with `context`, as a string."""
    return environment().get_template(template_name).render(**context)


def page_templates() -> list[str]:
    """The names of the page templates: every .html template but the base and the partials (`_*.html`)."""
    return sorted(name for name in environment().list_templates(extensions=["html"])
                  if name != BASE_TEMPLATE and not name.startswith("_"))


def short_url(url: str) -> str:
    """The text of a link to a source that has no title: its URL without scheme and www, cut at 70 characters.

    >>> short_url("https://www.europol.europa.eu/publications-events")
    'europol.europa.eu/publications-events'
    """
    return re.sub(r"^https?://(www\.)?", "", url)[:70]


def is_web_address(url: str) -> bool:
    """Whether a source's address is one to link to: an http(s) address on the web, not one of the project's own
    IRIs (a citation of a seed document, `…/id/citation/…`, is shown by its title and section, unlinked).

    >>> is_web_address("https://eur-lex.europa.eu/eli/dec/2011/841/oj"), is_web_address("javascript:alert(1)")
    (True, False)
    """
    return url.lower().startswith(("http://", "https://")) and not url.startswith(BASE)
