"""The endpoint's query processes: each opens the store read-only; a runaway query costs one process.

pyoxigraph cannot interrupt a running query, but a process can be stopped, so a query over the time
limit has its process replaced, and never stops the server.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from ..errors import Refused
from .protocol import ROW_LIMIT, Answer, run_query

LONG = 0.5  # seconds after which a running query counts as long: spare processes serve the others


def _worker(conn, store_path: str, row_limit: int) -> None:
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
            conn.send(("ok", run_query(store, text, accept, format_name, row_limit)))
        except Refused as e:
            conn.send(("refused", e.status, str(e)))
        except Exception as e:  # an engine error is the caller's answer, not the worker's end
            conn.send(("refused", 500, f"the query failed: {e}"))


class Workers:
    """Query processes: `count` of them always, and up to `spare` more (as many again, by default) once
    every process is held by a long query, so that a short query never waits behind long ones (a spare
    process ends once it has answered). A query over the time limit has its process replaced."""

    def __init__(self, store_path: Path, count: int, timeout: float, row_limit: int = ROW_LIMIT,
                 spare: int | None = None):
        self.store_path, self.timeout, self.row_limit = str(store_path), timeout, row_limit
        self.count, self.limit = count, count + (count if spare is None else spare)
        self.context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self.idle: queue.Queue = queue.Queue()
        self.all: set = set()
        self.busy: dict = {}  # worker -> when its query started
        self.lock = threading.Lock()
        for _ in range(count):
            self.idle.put(self._start())

    def _start(self):
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(child, self.store_path, self.row_limit), daemon=True)
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

    def _stop(self, worker) -> None:
        process, conn = worker
        process.kill()
        process.join(5)
        conn.close()
        with self.lock:
            self.all.discard(worker)

    def _take(self):
        """The first process to be idle; a spare one, where there is room, once every process is held by a
        query running longer than LONG (waiting for those could take up to the time limit)."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                return self.idle.get(timeout=0.05)
            except queue.Empty:
                pass
            now = time.monotonic()
            with self.lock:
                stuck = all(now - started > LONG for started in self.busy.values())
                room = len(self.all) < self.limit
            if stuck and room:
                return self._start()
            if now > deadline:
                raise Refused(503, f"all query workers are busy; try again in a moment (limit {self.timeout:g} s)")

    def _give_back(self, worker) -> None:
        """Back to the idle ones; a spare process (one beyond `count`) ends instead."""
        with self.lock:
            surplus = len(self.all) > self.count and self.idle.qsize() >= self.count
        if surplus:
            self._stop(worker)
        else:
            self.idle.put(worker)

    def _keep_count(self) -> None:
        """Start processes again up to `count` after some were stopped (runaway or broken)."""
        while True:
            with self.lock:
                short = len(self.all) < self.count
            if not short:
                return
            self.idle.put(self._start())

    def ask(self, text: str, accept: str | None, format_name: str | None) -> Answer:
        worker = self._take()
        process, conn = worker
        with self.lock:
            self.busy[worker] = time.monotonic()
        try:
            conn.send((text, accept, format_name))
            if not conn.poll(self.timeout):
                self._stop(worker)
                worker = None
                raise Refused(503, f"the query ran longer than the time limit of {self.timeout:g} s and was stopped")
            answer = conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._stop(worker)
            worker = None
            raise Refused(500, "the query worker stopped unexpectedly; it has been replaced") from None
        finally:
            with self.lock:
                self.busy.pop((process, conn), None)
            if worker is not None:
                self._give_back(worker)
            self._keep_count()
        if answer[0] == "refused":
            raise Refused(answer[1], answer[2])
        return answer[1]

    def close(self) -> None:
        with self.lock:
            workers = list(self.all)
        for process, conn in workers:
            conn.close()
            process.kill()
            process.join(5)
