"""The endpoint's query processes: each opens the store read-only; a runaway query costs one process.

pyoxigraph cannot interrupt a running query, but a process can be stopped, so a query over the time
limit has its process replaced, and never stops the server. A query running longer than LONG has its
process put at the lowest CPU priority, and spare processes start, so that the short queries of others
neither wait for it nor share a core with it on a small machine (benchmarks/serve_load.py measures this);
once it has answered, the process takes its usual priority back, or is replaced where the system does not
allow that. Waiting requests are served first come, first served.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from ..errors import Refused
from .protocol import ROW_LIMIT, Answer, opened, run_query

LONG = 0.5  # seconds after which a running query counts as long: spare processes serve the others
LOW = 19  # the niceness of a long query's process: the lowest


def _worker(conn, store_path: str, row_limit: int, spool: str) -> None:
    """Answer (query, accept, format) requests on `conn` from the store at `store_path`, until closed; rows
    and triples are written into a file in `spool`, named in the answer (protocol.run_query)."""
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
            conn.send(("ok", run_query(store, text, accept, format_name, row_limit, Path(spool))))
        except Refused as e:
            conn.send(("refused", e.status, str(e)))
        except Exception as e:  # an engine error is the caller's answer, not the worker's end
            conn.send(("refused", 500, f"the query failed: {e}"))


def _receive(conn) -> tuple:
    """A worker's reply; an answer it wrote to a file is opened at once (protocol.opened), before
    the worker may be stopped (which removes what it left in the spool)."""
    reply = conn.recv()
    return ("ok", opened(reply[1])) if reply[0] == "ok" else reply


def renice(process, niceness: int) -> bool:
    """Give `process` CPU priority `niceness` (19: the lowest; 0: the usual); whether the system allowed it
    (raising a priority back needs privileges a server may not have)."""
    try:
        os.setpriority(os.PRIO_PROCESS, process.pid, niceness)
        return True
    except (OSError, AttributeError):
        return False


class Workers:
    """Query processes: `count` of them always, and as many more as long queries hold (up to `spare`
    more, as many again by default), so that `count` processes are left to the short ones; a spare process
    ends once it has answered and `count` others are idle. A query over the time limit has its process
    replaced. Processes are started in the background, one at a time, so that no request waits for a start."""

    def __init__(self, store_path: Path, count: int, timeout: float, row_limit: int = ROW_LIMIT,
                 spare: int | None = None):
        self.store_path, self.timeout, self.row_limit = str(store_path), timeout, row_limit
        self.count, self.limit = count, count + (count if spare is None else spare)
        self.context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self.spool = Path(tempfile.mkdtemp(prefix="jhaan-kg-answers-"))  # the answers as workers write them
        self.idle: queue.Queue = queue.Queue()
        self.all: set = set()
        self.busy: dict = {}  # worker -> when its query started
        self.lock = threading.Lock()
        self.starting = False  # whether a thread is starting processes
        for _ in range(count):
            self.idle.put(self._start())

    def _start(self):
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(child, self.store_path, self.row_limit, str(self.spool)),
                                       daemon=True)
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
        for left in self.spool.glob(f"{process.pid}-*"):  # what it was writing when stopped
            left.unlink(missing_ok=True)
        with self.lock:
            self.all.discard(worker)

    def _wanted(self) -> int:
        """How many processes there should be now: `count`, and one more per query running longer than
        LONG (up to the limit). Called with the lock held."""
        now = time.monotonic()
        return min(self.limit, self.count + sum(now - started >= LONG for started in self.busy.values()))

    def _grow(self) -> None:
        """Start processes in a thread of their own up to `_wanted()`, unless one is at it already."""
        with self.lock:
            if self.starting or len(self.all) >= self._wanted():
                return
            self.starting = True
        threading.Thread(target=self._grow_now, daemon=True).start()

    def _grow_now(self) -> None:
        try:
            while True:
                with self.lock:
                    if len(self.all) >= self._wanted():
                        return
                self.idle.put(self._start())
        except OSError:
            pass  # the store cannot be opened any more: requests wait, then are told the workers are busy
        finally:
            with self.lock:
                self.starting = False

    def _take(self):
        """The first process to be idle, requests served in the order they came (one wait each: a queue's
        waiters are woken first come, first served); processes are started meanwhile by the requests whose
        queries turn long (`ask`), and after a process was stopped."""
        try:
            return self.idle.get(timeout=self.timeout)
        except queue.Empty:
            raise Refused(503, f"all query workers are busy; try again in a moment (limit {self.timeout:g} s)") from None

    def _give_back(self, worker) -> None:
        """Back to the idle ones; a spare process (one beyond those wanted) ends instead."""
        with self.lock:
            surplus = len(self.all) > self._wanted() and self.idle.qsize() >= self.count
        if surplus:
            self._stop(worker)
        else:
            self.idle.put(worker)

    def ask(self, text: str, accept: str | None, format_name: str | None) -> Answer:
        worker = self._take()
        process, conn = worker
        with self.lock:
            self.busy[worker] = time.monotonic()
        try:
            conn.send((text, accept, format_name))
            if not conn.poll(min(LONG, self.timeout)):
                # a long query: its process gets the lowest CPU priority, so that it slows the short queries
                # of the other processes as little as may be, and a spare process starts for them; once it
                # has answered it gets the usual priority back, or is replaced where the system does not
                # allow that; at the time limit it is stopped
                renice(process, LOW)
                self._grow()
                if not conn.poll(max(0.0, self.timeout - LONG)):
                    self._stop(worker)
                    worker = None
                    raise Refused(503, f"the query ran longer than the time limit of {self.timeout:g} s and was stopped")
                answer = _receive(conn)
                if not renice(process, 0):
                    self._stop(worker)
                    worker = None
            else:
                answer = _receive(conn)
        except (EOFError, OSError, BrokenPipeError):
            self._stop(worker)
            worker = None
            raise Refused(500, "the query worker stopped unexpectedly; it has been replaced") from None
        finally:
            with self.lock:
                self.busy.pop((process, conn), None)
            if worker is not None:
                self._give_back(worker)
            self._grow()
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
        shutil.rmtree(self.spool, ignore_errors=True)
