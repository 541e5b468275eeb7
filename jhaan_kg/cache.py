"""Speed-up: a cache on disk of results that depend only on their inputs' bytes.

Kept here: compiled shapes (validate.engine), the validation report of the graph a change starts from
(steward.scope), rendered PNGs (render.png) and the ontology's documentation (render.docs). What it trades:
disk space in the user's cache folder for not doing that work again on every run (docs/bench.md). Each
entry is named after a hash of everything its result depends on, code included where the code decides
the result, so an entry is never read for other inputs. A broken or unwritable cache only costs time: the
result is made again.

Where: $JHAAN_KG_CACHE, else $XDG_CACHE_HOME/jhaan-kg, else ~/.cache/jhaan-kg. Off with
JHAAN_KG_CACHE=off: everything is made anew each time. Tests check the outputs are the same either way.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable

from .atomic import write_atomically

SWITCH = "JHAAN_KG_CACHE"


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off."""
    setting = os.environ.get(SWITCH)
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jhaan-kg"


def entry(kind: str, key: bytes) -> Path | None:
    """The file that holds the result of kind `kind` for `key` (None when the cache is off)."""
    folder = cache_dir()
    return folder / f"{kind}-{hashlib.sha256(key).hexdigest()[:32]}" if folder else None


def cached_only(kind: str, key: bytes) -> bytes | None:
    """The bytes held for `key`, or None when the cache does not hold them (nothing is made)."""
    path = entry(kind, key)
    try:
        return path.read_bytes() if path is not None and path.is_file() else None
    except OSError:
        return None


def keep(kind: str, key: bytes, data: bytes, newest: int | None = None) -> None:
    """Hold `data` for `key`; with `newest`, only that many entries of this kind are kept (the newest)."""
    path = entry(kind, key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
        if newest is not None:
            entries = sorted(path.parent.glob(f"{kind}-*"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in entries[newest:]:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs time


def cached_bytes(kind: str, key: bytes, make: Callable[[], bytes]) -> bytes:
    """The bytes `make()` returns for `key`, from the cache when it holds them."""
    held = cached_only(kind, key)
    if held is not None:
        return held
    data = make()
    keep(kind, key, data)
    return data
