"""Speed-up: the answers `serve` gave, kept in its memory and given again to the same question.

What it trades: memory (at most LIMIT bytes of answers, the least recently asked dropped first) for the
time a worker takes to evaluate a query again. The store `serve` answers from is opened read-only and never
changes while it runs, so the same query text asked for the same media type has the same answer; only a
query that reads the clock or draws something new each time (NOW(), RAND(), UUID(), STRUUID(), BNODE()) can
change, and is never kept. An answer over a tenth of the limit is not
kept either, nor a refusal (a query that does not parse, or is stopped at the time limit, is evaluated each
time it is asked). Under load, this is what lets twenty analysts opening the catalogue's pages share
the workers with a query that runs for long: `python -m benchmarks.serve_load` (docs/bench.md) measures
`serve` with it and without it.

Off with JHAAN_KG_SERVE_CACHE=off (every query is evaluated). Tests check that answers are the same either way.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from typing import Callable

from ..query.text import strip_comments
from .protocol import Answer, Spooled

SWITCH = "JHAAN_KG_SERVE_CACHE"
LIMIT = 64 << 20  # bytes of answers kept at most
CHANGING = re.compile(r"\b(NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)  # answers that change each time


def enabled() -> bool:
    """Whether `serve` keeps answers (JHAAN_KG_SERVE_CACHE=off turns it off)."""
    return os.environ.get(SWITCH, "").lower() != "off"


def size_of(answer: Answer) -> int:
    """About how many bytes `answer` holds (a page's data is counted by its values)."""
    if isinstance(answer.body, bytes):
        return len(answer.body)
    rows = answer.body.get("rows", ())
    return len(answer.body.get("turtle", "")) + sum(len(v) + 16 for row in rows for v, _ in row) + 256


class AnswerCache:
    """Answers by (query text, Accept, format) while a server runs; thread-safe, bounded by `limit` bytes."""

    def __init__(self, limit: int = LIMIT):
        self.limit, self.used = limit, 0
        self.kept: OrderedDict[tuple, tuple[Answer, int]] = OrderedDict()
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    def answer(self, text: str, accept: str | None, format_name: str | None,
               evaluate: Callable[[], Answer]) -> Answer:
        """The answer kept for this question, else `evaluate()`'s, kept when it may be."""
        key = (text, accept, format_name)
        with self.lock:
            found = self.kept.get(key)
            if found is not None:
                self.kept.move_to_end(key)
                self.hits += 1
                return found[0]
            self.misses += 1
        answer = evaluate()  # a refusal (Refused) is raised, and not kept
        if isinstance(answer.body, Spooled):  # a long answer, sent from its file once
            return answer
        if CHANGING.search(strip_comments(text, literals_too=True)):
            return answer
        size = size_of(answer) + len(text)
        if size > self.limit // 10:
            return answer
        with self.lock:
            if key not in self.kept:
                self.kept[key] = (answer, size)
                self.used += size
                while self.used > self.limit:
                    _, (_, dropped) = self.kept.popitem(last=False)
                    self.used -= dropped
        return answer
