"""Validate one YAML mapping against a schema model, with each message at the line it is about.

Pydantic reports an error as a field path (`('speakers', 1)`); the YAML walk recorded where every
path stands in the file.  This module is the bridge: it words pydantic's errors for editors
("speakers[1]: ..."), points them at the key's line and column, and turns unknown fields into
warnings with a "did you mean" hint instead of failures.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .problems import Problems, did_you_mean
from .yamlsafe import Path_, Pos

M = TypeVar("M", bound=BaseModel)

_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "tuple_type": "a list, such as [a, b]",
    "list_type": "a list, such as [a, b]",
    "dict_type": "a group of fields",
    "model_type": "a group of fields",
    "model_attributes_type": "a group of fields",
    "date_type": "a date (YYYY-MM-DD)",
    "datetime_type": "a date and time (YYYY-MM-DD HH:MM)",
}


def loc_text(loc: Path_) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _data_path(data: Any, loc: tuple[Any, ...]) -> Path_:
    """Keep the parts of pydantic's loc that index into the data (drops union member names)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, list | tuple) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and not path_has_member_name(part):
            path.append(part)  # a missing key: point at its parent
            break
    return tuple(path)


BODY_WORDS = {"body", "bio", "biography", "abstract", "content", "text", "isi", "deskripsi", "keterangan"}


def unknown_field_hint(key: str, known: set[str] | frozenset[str]) -> str:
    if key.lower() in BODY_WORDS and key not in known:
        return "the main text is not a field: write it below the closing '---' line"
    close = did_you_mean(key, known)
    if close.startswith("did you mean"):
        return close
    return "remove it, or check the spelling against the field list in PANDUAN-EDITOR.md"


def path_has_member_name(part: str) -> bool:
    # Union branches show up in loc as type names such as 'str' or 'dict[str,str]'.
    return "[" in part or part in {"str", "int", "float", "bool", "none"}


def position(positions: dict[Path_, Pos], path: Path_, fallback: Pos) -> Pos:
    for n in range(len(path), 0, -1):
        pos = positions.get(path[:n])
        if pos is not None:
            return pos
    return fallback


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    return repr(value)


def validate(
    model: type[M],
    data: Any,
    positions: dict[Path_, Pos],
    rel: str,
    problems: Problems,
    *,
    start: Pos,
    context: dict[str, Any] | None = None,
    what: str = "front matter",
) -> M | None:
    """Validate `data` (a mapping) as `model`; record problems and return None on failure."""
    if not isinstance(data, dict):
        problems.add(
            rel,
            start.line,
            start.col,
            f"the {what} must be a set of 'field: value' lines",
            "write one field per line, such as 'title: ...'",
            code="not-mapping",
        )
        return None
    known = set(model.model_fields)
    clean = {}
    for key, value in data.items():
        if key in known:
            clean[key] = value
        else:
            pos = positions.get((key,), start)
            problems.warn(
                rel, pos.line, pos.col, f"unknown field '{key}'", unknown_field_hint(key, known), code="unknown-field"
            )
    try:
        return model.model_validate(clean, context=context)
    except ValidationError as exc:
        seen: set[Path_] = set()
        for err in exc.errors(include_url=False):
            path = _data_path(clean, tuple(err["loc"]))
            if path in seen:
                continue  # a union reports once per branch; the first is enough
            seen.add(path)
            pos = position(positions, path, start)
            message, hint = word(err, path, positions)
            problems.add(rel, pos.line, pos.col, message, hint, code=str(err["type"]))
        return None


def word(err: Any, path: Path_, positions: dict[Path_, Pos]) -> tuple[str, str]:
    """Plain words for one pydantic error."""
    kind: str = err["type"]
    name = loc_text(path) or "value"
    value = err.get("input")
    raw = positions.get(path, Pos(0, 0)).raw
    if kind == "missing":
        return f"required field '{name}' is missing", f"add a line '{path[-1] if path else name}: ...'"
    if value is None or (kind == "string_too_short" and value == ""):
        return f"{name} is empty", "fill it in, or remove the line if the field is optional"
    if kind == "string_type" and not isinstance(value, str | dict | list):
        return (
            f"{name}: YAML reads '{raw or value}' as {_describe(value)}, but text is expected",
            f'put it in quotes: "{raw or value}"',
        )
    if kind in {"literal_error", "enum"}:
        expected = err.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",") if c.strip()]
        return f"{name}: '{value}' is not allowed", did_you_mean(str(value), choices)
    if kind == "value_error":
        return f"{name}: {str(err['msg']).removeprefix('Value error, ')}", ""
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        return f"{name}: {value} is out of range", str(err["msg"]).lower()
    if kind == "string_pattern_mismatch":
        return f"{name}: '{value}' has the wrong form", "use a short lowercase code such as 'id' or 'en'"
    if kind == "extra_forbidden":
        return f"unknown field '{name}'", "remove it, or check the spelling"
    if kind in _TYPE_WORDS:
        shown = raw or _describe(value)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        return f"{name}: expected {_TYPE_WORDS[kind]}, got {shown}", ""
    return f"{name}: {err['msg']}", ""
