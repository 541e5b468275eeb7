"""jhaan-kg: a knowledge graph of the EU Justice and Home Affairs agencies and their cooperation.

Its SHACL engine is open to any graph: `from jhaan_kg import validate_rdf` (jhaan_kg/validate/api.py).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jhaan-kg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"


def __getattr__(name: str):
    # validate_rdf is imported when first asked for, so that `import jhaan_kg` stays light (README, Layout)
    if name == "validate_rdf":
        from .validate.api import validate_rdf

        return validate_rdf
    raise AttributeError(f"module 'jhaan_kg' has no attribute {name!r}")
