"""Charts of the ratings as pictures for Word (PNG, drawn with Pillow, which WeasyPrint already
needs). The HTML page and the PDF draw the same chart as SVG (templates/report/_chart.html)."""

from __future__ import annotations

import io

from coproduce.report.model import Chart

WIDTH, ROW, LEFT, RIGHT = 1200, 64, 380, 90
INK, BAR, RULE = (11, 12, 12), (29, 112, 184), (177, 180, 182)
FONTS = (
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)


def _font(size: int):
    from PIL import ImageFont

    for path in FONTS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def png(chart: Chart) -> bytes:
    """A horizontal bar chart: one bar a rating, its label on the left and its number on the right."""
    from PIL import Image, ImageDraw

    height = ROW * len(chart.rows) + 20
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    font = _font(30)
    most = max((r.people or 0 for r in chart.rows), default=0) or 1
    span = WIDTH - LEFT - RIGHT
    for i, row in enumerate(chart.rows):
        top = 10 + i * ROW
        draw.text((10, top + 12), row.label, fill=INK, font=font)
        length = round(span * (row.people or 0) / most)
        if length:
            draw.rectangle((LEFT, top + 8, LEFT + length, top + ROW - 8), fill=BAR)
        draw.text((LEFT + length + 12, top + 12), row.shown, fill=INK, font=font)
    draw.line((LEFT, 0, LEFT, height), fill=RULE, width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
