"""sh:datatype (SHACL 4.1.1): a value conforms when it is a literal of the datatype whose lexical form is valid
for it. One table of lexical forms serves the two places a literal is checked: in SPARQL over the store
(the literals the store kept as written) and in Python (the literals the store rewrote: load/written.py).

The forms are those of XML Schema 1.1 Part 2 (https://www.w3.org/TR/xmlschema11-2/, section 3.3), with the
value ranges of the integer types (3.4) and the days each month has. A datatype not listed accepts any
lexical form, as SHACL leaves the validity of other datatypes to the implementation.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ..namespaces import RDF, XSD

_TIMEZONE = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_YEAR = r"-?([1-9][0-9]{3,}|0[0-9]{3})"
_DAY = r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = r"(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|24:00:00(\.0+)?)"
_NUMBER = r"([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN)"
_DURATION = r"-?P(([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?)"
LEXICAL_FORMS = {
    XSD + "boolean": "true|false|1|0",
    XSD + "integer": "[+-]?[0-9]+",
    XSD + "decimal": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)",
    XSD + "double": _NUMBER,
    XSD + "float": _NUMBER,
    XSD + "gYear": _YEAR + _TIMEZONE,
    XSD + "gYearMonth": _YEAR + "-(0[1-9]|1[0-2])" + _TIMEZONE,
    XSD + "gMonth": "--(0[1-9]|1[0-2])" + _TIMEZONE,
    XSD + "gDay": "---(0[1-9]|[12][0-9]|3[01])" + _TIMEZONE,
    XSD + "gMonthDay": "--" + _DAY + _TIMEZONE,
    XSD + "date": _YEAR + "-" + _DAY + _TIMEZONE,
    XSD + "time": _TIME + _TIMEZONE,
    XSD + "dateTime": _YEAR + "-" + _DAY + "T" + _TIME + _TIMEZONE,
    XSD + "dateTimeStamp": _YEAR + "-" + _DAY + "T" + _TIME + _TIMEZONE[:-1],  # the time zone is required
    XSD + "duration": _DURATION,
    XSD + "dayTimeDuration": r"-?P([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?",
    XSD + "yearMonthDuration": r"-?P([0-9]+Y)?([0-9]+M)?",
}
# the integer types derived from xsd:integer, each with its range
INTEGER_RANGES = {
    XSD + "nonNegativeInteger": (0, None), XSD + "positiveInteger": (1, None),
    XSD + "nonPositiveInteger": (None, 0), XSD + "negativeInteger": (None, -1),
    XSD + "long": (-2**63, 2**63 - 1), XSD + "int": (-2**31, 2**31 - 1),
    XSD + "short": (-2**15, 2**15 - 1), XSD + "byte": (-2**7, 2**7 - 1),
    XSD + "unsignedLong": (0, 2**64 - 1), XSD + "unsignedInt": (0, 2**32 - 1),
    XSD + "unsignedShort": (0, 2**16 - 1), XSD + "unsignedByte": (0, 2**8 - 1),
}
for _name in INTEGER_RANGES:
    LEXICAL_FORMS[_name] = LEXICAL_FORMS[XSD + "integer"]
WITH_DAY = {XSD + "date", XSD + "dateTime", XSD + "dateTimeStamp"}  # 30 February is in the form but is no day
LANG_STRING = RDF + "langString"


def sparql_test(var: str, datatype: str) -> str:
    """A SPARQL expression: `var` is a literal of `datatype` whose lexical form is valid for it."""
    test = f"isLiteral({var}) && DATATYPE({var}) = <{datatype}>"
    form = LEXICAL_FORMS.get(datatype)
    if form is not None:
        test += f" && REGEX(STR({var}), {sparql_string('^(' + form + ')$')})"
    if datatype in WITH_DAY:  # the engine's cast refuses a day that does not exist
        cast = XSD + "date" if datatype == XSD + "date" else XSD + "dateTime"
        test += f" && COALESCE(STR(<{cast}>(STR({var}))) != \"\", false)"
    if datatype in INTEGER_RANGES:
        low, high = INTEGER_RANGES[datatype]
        number = f"<{XSD}decimal>(STR({var}))"
        test += "".join(f" && COALESCE({number} {op} {bound}, false)" for op, bound in ((">=", low), ("<=", high))
                        if bound is not None)
    if datatype.endswith("uration"):  # a duration needs a number, and a T a number after it
        test += f" && REGEX(STR({var}), \"[0-9]\") && !STRENDS(STR({var}), \"T\")"
    return f"({test})"


def has_datatype(term, datatype: str) -> bool:
    """Python's verdict on what `sparql_test` says: `term` (a pyoxigraph term) is a literal of `datatype`
    whose lexical form is valid for it."""
    if not isinstance(term, ox.Literal):
        return False
    if datatype == LANG_STRING:
        return term.language is not None
    if term.language is not None or term.datatype.value != datatype:
        return False
    return valid_lexical_form(term.value, datatype)


def valid_lexical_form(text: str, datatype: str) -> bool:
    """Whether `text` is a valid lexical form of `datatype` (any form is, for a datatype not listed).

    >>> valid_lexical_form("300", XSD + "byte"), valid_lexical_form("2024-02-29", XSD + "date")
    (False, True)
    """
    form = LEXICAL_FORMS.get(datatype)
    if form is not None and re.fullmatch(form, text) is None:
        return False
    if datatype in INTEGER_RANGES:
        low, high = INTEGER_RANGES[datatype]
        return (low is None or int(text) >= low) and (high is None or int(text) <= high)
    if datatype in WITH_DAY:
        return _day_exists(text)
    if datatype.endswith("uration"):  # a duration needs a number, and a T a number after it
        return re.search("[0-9]", text) is not None and not text.endswith("T")
    return True


def _day_exists(text: str) -> bool:
    year, month, day = re.match(r"(-?[0-9]+)-([0-9]{2})-([0-9]{2})", text).groups()
    year, month, day = int(year), int(month), int(day)
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)  # year 0 (1 BCE) is a leap year in XSD 1.1
    days = 29 if month == 2 and leap else (28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
    return day <= days


def sparql_string(text: str) -> str:
    """`text` as a SPARQL string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'
