"""The benchmark harness's own measurements: a child's time, exit and peak memory are its own."""

from __future__ import annotations

import sys

from benchmarks.harness import run_process

GROW_50_MB = "x = bytearray(50 * 2**20); x[::4096] = b'1' * len(x[::4096]); import time; time.sleep(0.3)"


def test_a_child_s_peak_memory_is_its_own_not_the_harness_s():
    harness_grown = bytearray(300 * 2**20)
    harness_grown[::4096] = b"1" * len(harness_grown[::4096])  # touched, so resident
    run = run_process([sys.executable, "-c", GROW_50_MB])
    assert run.code == 0 and run.seconds >= 0.3
    assert 50 <= run.peak_mb < 200, run.peak_mb  # wait4's ru_maxrss would report more than 300 MB here
    del harness_grown


def test_a_child_that_runs_past_its_cap_is_stopped_and_says_so():
    run = run_process([sys.executable, "-c", "import time; time.sleep(30)"], cap=0.5)
    assert run.capped and run.seconds == 0.5
