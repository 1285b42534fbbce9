"""A Babel extractor for guide files, so `pybabel extract` collects guide text with the interface's.

babel.cfg maps guides/**.toml to this function.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from typing import IO, Any

TRANSLATABLE = {"title", "thank_you", "text", "alt", "interpreter_note", "prompts"}


def _walk(value: Any, key: str | None = None) -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, key)
    elif isinstance(value, str) and key in TRANSLATABLE and value.strip():
        yield value.strip()


def extract_guide(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    data = tomllib.loads(fileobj.read().decode("utf-8"))
    for text in _walk(data):
        yield 0, "gettext", text, []
