"""Speed-up: the slow parts of `build` run beside the main work instead of after it.

What it trades: two worker processes and a thread (and their memory) for wall time on a machine with more
than one core. The processes render the PNGs not found in the cache and the ontology's documentation while
the main process loads, validates and writes the rest; on Linux they are forked before the graph is
loaded, with cairo already imported, so each starts in an instant. The thread evaluates the catalogue's
answers (query.answers), which pyoxigraph does without holding Python's lock.

Off with JHAAN_KG_WORKERS=off: each piece of work runs in the main process when it is handed over, one
after another. Tests check that `build` writes the same files either way.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Callable

SWITCH = "JHAAN_KG_WORKERS"


def enabled() -> bool:
    """Whether `build` works in the background (JHAAN_KG_WORKERS=off turns it off)."""
    return os.environ.get(SWITCH, "").lower() != "off"


def _now(work: Callable, *args) -> Future:
    done: Future = Future()
    try:
        done.set_result(work(*args))
    except Exception as e:
        done.set_exception(e)
    return done


class Background:
    """Where `build` hands slow work: processes for drawing, a thread for queries (or the caller itself)."""

    def __init__(self, use_workers: bool | None = None):
        self.on = enabled() if use_workers is None else use_workers
        self.processes = self.thread = None
        if self.on:
            import cairosvg  # noqa: F401  (imported once here, inherited by the forked workers)

            context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
            self.processes = ProcessPoolExecutor(max_workers=2, mp_context=context)
            self.thread = ThreadPoolExecutor(max_workers=1)

    def in_process(self, work: Callable, *args) -> Future:
        """Run `work(*args)` in a worker process (picklable work only)."""
        return self.processes.submit(work, *args) if self.on else _now(work, *args)

    def in_thread(self, work: Callable, *args) -> Future:
        """Run `work(*args)` in the thread (work that lets go of Python's lock)."""
        return self.thread.submit(work, *args) if self.on else _now(work, *args)

    def close(self) -> None:
        """Wait for the processes (cancelling what has not started) and let the thread go."""
        if self.on:
            self.processes.shutdown(wait=True, cancel_futures=True)
            self.thread.shutdown(wait=False, cancel_futures=True)
