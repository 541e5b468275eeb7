"""The main job, `jhaan-kg build`: every stage in turn, into build/ in one atomic step."""

from .job import BuildSummary, build

__all__ = ["BuildSummary", "build"]
