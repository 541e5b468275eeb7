"""The endpoint's query processes: each opens the store read-only; a runaway query costs one process.

pyoxigraph cannot interrupt a running query, but a process can be stopped, so a query over the time
limit has its process replaced, and never stops the server.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from pathlib import Path

import pyoxigraph as ox

from ..errors import Refused
from .protocol import run_query


def _worker(conn, store_path: str) -> None:
    """Answer (query, accept, format) requests on `conn` from the store at `store_path`, until closed."""
    try:
        store = ox.Store.read_only(store_path)
    except OSError as e:
        conn.send(("failed", f"cannot open the store {store_path}: {e}"))
        return
    conn.send(("ready",))
    while True:
        try:
            text, accept, format_name = conn.recv()
        except EOFError:
            return
        try:
            conn.send(("ok",) + run_query(store, text, accept, format_name))
        except Refused as e:
            conn.send(("refused", e.status, str(e)))
        except Exception as e:  # an engine error is the caller's answer, not the worker's end
            conn.send(("refused", 500, f"the query failed: {e}"))



class Workers:
    """A fixed number of query processes; a query over the time limit has its process replaced."""

    def __init__(self, store_path: Path, count: int, timeout: float):
        self.store_path, self.timeout = str(store_path), timeout
        self.context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self.idle: queue.Queue = queue.Queue()
        self.all: set = set()
        self.lock = threading.Lock()
        for _ in range(count):
            self.idle.put(self._start())

    def _start(self):
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(child, self.store_path), daemon=True)
        process.start()
        child.close()
        # wait until it has opened the store, so that the first request does not pay for the start
        answer = parent.recv() if parent.poll(120) else ("failed", "a query worker did not start within 120 s")
        if answer[0] != "ready":
            process.kill()
            raise OSError(answer[1])
        with self.lock:
            self.all.add((process, parent))
        return process, parent

    def _replace(self, worker) -> None:
        process, conn = worker
        process.kill()
        process.join(5)
        conn.close()
        with self.lock:
            self.all.discard(worker)
        self.idle.put(self._start())

    def ask(self, text: str, accept: str | None, format_name: str | None):
        try:
            worker = self.idle.get(timeout=self.timeout)
        except queue.Empty:
            raise Refused(503, f"all query workers are busy; try again in a moment (limit {self.timeout:g} s)") from None
        process, conn = worker
        try:
            conn.send((text, accept, format_name))
            if not conn.poll(self.timeout):
                self._replace(worker)
                worker = None
                raise Refused(503, f"the query ran longer than the time limit of {self.timeout:g} s and was stopped")
            answer = conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            worker = None
            raise Refused(500, "the query worker stopped unexpectedly; it has been replaced") from None
        finally:
            if worker is not None:
                self.idle.put(worker)
        if answer[0] == "refused":
            raise Refused(answer[1], answer[2])
        return answer[1], answer[2]

    def close(self) -> None:
        with self.lock:
            workers = list(self.all)
        for process, conn in workers:
            conn.close()
            process.kill()
            process.join(5)


