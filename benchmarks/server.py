"""A private `jhaan-kg serve` for the benchmarks and the tests: started on a free port of 127.0.0.1, stopped as
Ctrl-C would stop it (so that it removes its temporary store and answers)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from select import select

ROOT = Path(__file__).resolve().parent.parent
SERVE = [sys.executable, "-c", "from jhaan_kg.cli import main; main()", "serve", "--port", "0"]


def start_server(*args: str, env: dict | None = None, wait: float = 60.0,
                 quiet: bool = False) -> tuple[subprocess.Popen, str]:
    """`jhaan-kg serve --port 0 ARGS` in the project's folder, and its address once it says it serves (at most
    `wait` seconds: loading a large graph takes a while). `quiet`: its stderr is dropped rather than kept for
    the message of a failed start (a server that runs for long must not fill a pipe nobody reads)."""
    process = subprocess.Popen([*SERVE, *args], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL if quiet else subprocess.PIPE, text=True, cwd=ROOT,
                               env={**os.environ, **(env or {})})
    ready, _, _ = select([process.stdout], [], [], wait)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("Serving http://127.0.0.1:"):
        process.kill()
        said = "" if quiet else " " + process.stderr.read()
        raise RuntimeError(f"the server did not start within {wait:g} s: {line!r}{said}")
    return process, line.split()[1].rstrip("/")


def stop_server(process: subprocess.Popen) -> None:
    """Stop it as Ctrl-C would, and kill it only if it has not stopped within 10 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
