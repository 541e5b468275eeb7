"""The infographics as PNG: an A4 page at 300 dpi, rendered by cairo, cached by its SVG (cache.py)."""

from __future__ import annotations

import io
from pathlib import Path

from ..atomic import write_atomically
from ..cache import cached_bytes, cached_only

PNG_DPI = 300


def write_png(svg: str, path: Path) -> None:
    write_atomically(path, svg_to_png(svg))


def write_png_if_cached(svg: str, path: Path) -> bool:
    """Write the PNG from the cache when it holds this SVG's rendering; False when it must be rendered."""
    data = cached_only("png", _png_key(svg))
    if data is not None:
        write_atomically(path, data)
    return data is not None


def svg_to_png(svg: str, dpi: int = PNG_DPI) -> bytes:
    """The SVG rendered as a PNG of an A4 page at `dpi` (cached by the SVG)."""

    def render() -> bytes:
        from cairosvg.parser import Tree  # cairo and Pillow only when a PNG is rendered: see the README's layout
        from cairosvg.surface import PNGSurface
        from PIL import Image

        drawn = PNGSurface(Tree(bytestring=svg.encode("utf-8")), None, 96, output_width=round(210 / 25.4 * dpi),
                           output_height=round(297 / 25.4 * dpi), background_color="white").cairo
        # A white page, so RGB, encoded by Pillow at a low compression level rather than by cairo's own
        # writer, which compresses hard and took most of the time (docs/bench.md)
        image = Image.frombuffer("RGB", (drawn.get_width(), drawn.get_height()), bytes(drawn.get_data()),
                                 "raw", "BGRX", drawn.get_stride(), 1)
        png = io.BytesIO()
        image.save(png, "PNG", compress_level=1, dpi=(dpi, dpi))  # prints at A4
        return png.getvalue()

    return cached_bytes("png", _png_key(svg, dpi), render)


def _png_key(svg: str, dpi: int = PNG_DPI) -> bytes:
    return f"{dpi} dpi, white page\n{svg}".encode("utf-8")  # the page's look is part of the key

