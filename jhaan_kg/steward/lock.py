"""One writer at a time: `update`, `import` and `format` hold a lock on the graph folder from the moment
they read it until they have written it, so that a second writer waits and then checks its change against
the graph as the first left it (or, told not to wait, stops at once with a message).

The lock is an exclusive flock(2) on the graph folder itself (no file is added to it): the system lets go
of it when the process ends, however it ends, so a killed writer never leaves the graph locked. Holding the lock, a
writer also removes the temporary files a killed writer may have left (`.NAME.ttl.XXXX.tmp`, atomic.py).
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from ..errors import InputError

@contextmanager
def graph_lock(folder: Path, wait: bool = True, say: Callable[[str], None] = lambda message: None) -> Iterator[None]:
    """Hold the lock on the graph folder `folder` for the duration of the `with` block."""
    folder = Path(folder)
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise InputError(folder, "another change is being written to this graph (update, import or format); "
                                         "nothing was done: run again when it has finished, or without --no-wait "
                                         "to wait for it") from None
            say(f"waiting for another change to {folder} to be written ...")
            fcntl.flock(fd, fcntl.LOCK_EX)
        remove_stale_temporaries(folder)
        yield
    finally:
        os.close(fd)  # lets go of the lock


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files a killed writer left in `folder` (call it holding the lock)."""
    stale = [p for p in folder.rglob(".*.tmp") if p.is_file() and ".ttl." in p.name]
    for path in stale:
        path.unlink(missing_ok=True)
    return stale
