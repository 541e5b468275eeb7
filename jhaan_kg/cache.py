"""A small content-addressed cache on disk: results that depend only on their inputs' bytes.

Used for compiled shapes, validation reports, rendered PNGs and the ontology's documentation. Where:
$JHAAN_KG_CACHE, else $XDG_CACHE_HOME/jhaan-kg, else ~/.cache/jhaan-kg; JHAAN_KG_CACHE=off turns it off.
A broken or unwritable cache only costs time: the result is made again.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable


def cache_dir() -> Path | None:
    setting = os.environ.get("JHAAN_KG_CACHE")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jhaan-kg"


def _entry(kind: str, key: bytes) -> Path | None:
    folder = cache_dir()
    return folder / f"{kind}-{hashlib.sha256(key).hexdigest()[:32]}" if folder else None


def _read(path: Path | None) -> bytes | None:
    try:
        return path.read_bytes() if path is not None and path.is_file() else None
    except OSError:
        return None


def cached_only(kind: str, key: bytes) -> bytes | None:
    """The bytes held for `key`, or None when the cache does not hold them (nothing is made)."""
    return _read(_entry(kind, key))


def cached_bytes(kind: str, key: bytes, make: Callable[[], bytes]) -> bytes:
    """The bytes `make()` returns for `key`, from the cache when it holds them."""
    path = _entry(kind, key)  # the key is hashed once (a PNG's key is its whole SVG)
    held = _read(path)
    if held is not None:
        return held
    data = make()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError:
            pass
    return data
