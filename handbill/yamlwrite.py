"""Values written as YAML for people to read and edit (init's site.yaml, imported content files).

Plain words stay plain; anything YAML could read as something else (numbers, dates, yes/no, a colon
followed by a space, a leading symbol) is written as a double-quoted string, which YAML reads exactly
as JSON does.  What is written here reads back, through yamlsafe, as the same value.
"""

from __future__ import annotations

import datetime as dt
import json
import re

_PLAIN = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f ._'()/-]*")
_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def scalar(value: object) -> str:
    """One value on one line: plain when that is safe, else double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _WORDS and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted string


def flow(value: object) -> str:
    """A value on one line, mappings and lists in flow style: {id: x, name: "Hall A"}."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def field_lines(key: str, value: object) -> list[str]:
    """`key: value` as the lines of a top-level field: lists of mappings one item per line."""
    if isinstance(value, list | tuple) and value and all(isinstance(v, dict) for v in value):
        return [f"{key}:"] + [f"  - {flow(v)}" for v in value]
    return [f"{key}: {flow(value)}"]
