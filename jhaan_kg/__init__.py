"""jhaan-kg: a knowledge graph of the EU Justice and Home Affairs agencies and their cooperation."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jhaan-kg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
