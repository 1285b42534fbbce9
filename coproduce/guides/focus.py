"""Which focus modules a review adds to its conversations' guide.

A review names the modules it chose (reviews.guide_modules, a JSON list of module slugs); a focus
that has its own module adds it too (codes.FOCUS_MODULES). A conversation keeps the modules (slug
and version) it began with, as it keeps its guide version.
"""

from __future__ import annotations

import json
from typing import Any

from coproduce.codes import FOCUS_MODULES
from coproduce.guides import loader
from coproduce.guides.model import Module


def review_module_slugs(focus: str | None, chosen: str | list[str] | None) -> list[str]:
    """The module slugs for a review, in a stable order: its focus's first, then those it chose."""
    names = json.loads(chosen) if isinstance(chosen, str) else list(chosen or [])
    slugs = [*FOCUS_MODULES.get(focus or "", ()), *sorted(names)]
    known = set(loader.module_slugs())
    return [slug for slug in dict.fromkeys(slugs) if slug in known]


def latest_modules(slugs: list[str]) -> tuple[Module, ...]:
    return tuple(loader.latest_module(slug) for slug in slugs)


def stored(modules: tuple[Module, ...]) -> str:
    """What a conversation keeps: each module's slug and version."""
    return json.dumps([[m.slug, m.version] for m in modules])


def kept(value: Any) -> tuple[Module, ...]:
    """The modules a conversation kept (an unknown version is left out, never guessed)."""
    pairs = json.loads(value) if isinstance(value, str) else (value or [])
    modules = loader.all_modules()
    return tuple(modules[(slug, version)] for slug, version in pairs if (slug, version) in modules)
