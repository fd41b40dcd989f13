"""Validate one YAML mapping against a schema model, with each message at the line it is about.

Pydantic reports an error as a field path (`('speakers', 1)`); the YAML walk recorded where every
path stands in the file.  This module is the bridge: it words pydantic's errors for editors
("speakers[1]: ..."), points them at the key's line and column, and turns unknown fields into
warnings with a "did you mean" hint instead of failures.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .messages import MessageError, has, t
from .problems import Problems, close_match, did_you_mean
from .text import check_slug, slugged
from .yamlsafe import Path_, Pos

M = TypeVar("M", bound=BaseModel)

#: pydantic's error type → the catalog code of what was expected
_TYPE_WORDS = {
    "string_type": "type.text",
    "int_type": "type.int",
    "int_parsing": "type.int",
    "float_type": "type.number",
    "float_parsing": "type.number",
    "bool_type": "type.bool",
    "bool_parsing": "type.bool",
    "tuple_type": "type.list",
    "list_type": "type.list",
    "dict_type": "type.group",
    "model_type": "type.group",
    "model_attributes_type": "type.group",
    "date_type": "type.date",
    "date_parsing": "type.date",
    "date_from_datetime_parsing": "type.date",
    "datetime_type": "type.datetime",
    "datetime_parsing": "type.datetime",
    "datetime_from_date_parsing": "type.datetime",
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


#: Field names Indonesian editors write in their own language (or a near-plural), and the field meant
FIELD_ALIASES = {
    "judul": "title",
    "nama": "name",
    "pembicara": "speakers",
    "speaker": "speakers",
    "ruang": "room",
    "ruangan": "room",
    "mulai": "start",
    "selesai": "end",
    "tanggal": "date",
    "ringkasan": "summary",
    "foto": "photo",
    "jabatan": "role",
    "instansi": "organisation",
    "organization": "organisation",
    "lembaga": "organisation",
    "kota": "city",
    "daerah": "city",
    "topik": "track",
    "nomor": "number",
    "provinsi": "province",
    "tautan": "links",
}


def field_alias(key: str, known: set[str] | frozenset[str]) -> str | None:
    """The field an Indonesian (or near-plural) field name stands for, when the model has it."""
    alias = FIELD_ALIASES.get(key.lower())
    return alias if alias in known else None


def unknown_field_message(key: str, known: set[str] | frozenset[str], written: Any = ()) -> str:
    """`written`: the keys of the mapping (`judul:` beside `title:` is a leftover, not a name to change)."""
    alias = field_alias(key, known)
    if alias is not None and alias not in written:
        return t("field.alias", key=key, value=alias)
    return t("field.unknown", key=key)


def unknown_field_hint(key: str, known: set[str] | frozenset[str], written: Any = ()) -> str:
    if key.lower() in BODY_WORDS and key not in known:
        return t("field.body-word.hint")
    alias = field_alias(key, known)
    if alias is not None and alias in written:
        return t("field.alias.twice-hint", key=key, value=alias)
    if alias is not None:
        return t("field.alias.optional-hint", key=key, value=alias)
    close = close_match(key, known)
    if close:
        return t("field.unknown.did-you-mean", value=close)
    return t("field.unknown.hint")


def path_has_member_name(part: str) -> bool:
    # Union branches show up in loc as type names such as 'str' or 'dict[str,str]'.
    return "[" in part or part in {"str", "int", "float", "bool", "none"}


def position(positions: dict[Path_, Pos], path: Path_, fallback: Pos) -> Pos:
    """Where a message about the value at `path` points: the value itself when it was written (its
    column, not the key's), else the nearest written parent's key, else `fallback`."""
    pos = positions.get(path)
    if pos is not None:
        return pos.value()
    for n in range(len(path) - 1, 0, -1):
        pos = positions.get(path[:n])
        if pos is not None:
            return pos
    return fallback


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return t("describe.date", value=value.isoformat())
    if isinstance(value, int | float):
        return t("describe.number", value=value)
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
            t("field.not-mapping", what=t("field.what." + what.replace(" ", "-"))),
            t("load.not-mapping.hint"),
            code="not-mapping",
        )
        return None
    known = set(model.model_fields)
    clean = {}
    renamed: set[str] = set()  # required fields written under their Indonesian name: `judul:` for `title:`
    for key, value in data.items():
        if key in known:
            clean[key] = value
            continue
        pos = positions.get((key,), start)
        alias = field_alias(key, known)
        if alias is not None and alias not in data and model.model_fields[alias].is_required():
            # One line, at `judul:`, saying to rename it; not also "required field 'title' is missing".
            renamed.add(alias)
            hint = t("field.alias.hint", key=key, value=alias)
            problems.add(rel, pos.line, pos.col, t("field.alias", key=key, value=alias), hint, code="field-alias")
            continue
        problems.warn(
            rel,
            pos.line,
            pos.col,
            unknown_field_message(key, known, data),
            unknown_field_hint(key, known, data),
            code="unknown-field",
        )
    try:
        validated = model.model_validate(clean, context=context)
    except ValidationError as exc:
        seen: set[Path_] = set()
        for err in exc.errors(include_url=False):
            path = _data_path(clean, tuple(err["loc"]))
            if err["type"] == "missing" and len(path) == 1 and path[0] in renamed:
                continue  # said at the Indonesian name's line
            if path in seen:
                continue  # a union reports once per branch; the first is enough
            seen.add(path)
            pos = position(positions, path, start)
            message, hint = word(err, path, positions)
            problems.add(rel, pos.line, pos.col, message, hint, code=str(err["type"]))
        return None
    return None if renamed else validated


def word(err: Any, path: Path_, positions: dict[Path_, Pos]) -> tuple[str, str]:
    """Plain words for one pydantic error."""
    kind: str = err["type"]
    name = loc_text(path) or t("field.value")
    value = err.get("input")
    raw = positions.get(path, Pos(0, 0)).raw
    if kind == "missing":
        return t("field.missing", name=name), t("field.missing.hint", key=path[-1] if path else name)
    if value is None or (kind == "string_too_short" and value == ""):
        return t("field.empty", name=name), t("field.empty.hint")
    if kind == "string_type" and not isinstance(value, str | dict | list):
        return (
            t("field.reads-as", name=name, raw=raw or value, what=_describe(value)),
            t("field.quote.hint", raw=raw or value),
        )
    if kind in {"bool_type", "bool_parsing"} and isinstance(value, str):
        return t("field.not-bool", name=name, value=value), t("field.not-bool.hint", key=path[-1] if path else name)
    if kind in {"literal_error", "enum"}:
        expected = err.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",") if c.strip()]
        return t("field.not-allowed", name=name, value=value), did_you_mean(str(value), choices)
    if kind == "value_error":
        exc = (err.get("ctx") or {}).get("error")
        if isinstance(exc, MessageError):
            hint = t(exc.code + ".hint", **exc.args_) if has(exc.code + ".hint") else ""
            if exc.code == "schema.not-id" and isinstance(value, str):
                hint = _id_hint(value) or hint
            return t("field.why", name=name, why=t(exc.code, **exc.args_)), hint
        return t("field.why", name=name, why=str(err["msg"]).removeprefix("Value error, ")), ""
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        return t("field.out-of-range", name=name, value=value), t(f"field.range.{kind}", limit=_limit(err))
    if kind == "string_pattern_mismatch":
        return t("field.wrong-form", name=name, value=value), t("field.wrong-form.hint")
    if kind == "extra_forbidden":
        return t("field.unknown", key=name), t("field.extra.hint")
    if kind in {"list_type", "tuple_type"} and isinstance(value, str) and path and isinstance(path[-1], str):
        # `speakers: budi`, `links: https://…`: one value where a list is asked for; the exact line to write
        shown = raw or _describe(value)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        message = t("field.expected", name=name, expected=t(_TYPE_WORDS[kind]), got=shown)
        return message, t("field.list.hint", fixed=_as_list(path[-1], value))
    if kind in _TYPE_WORDS:
        shown = raw or _describe(value)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        return t("field.expected", name=name, expected=t(_TYPE_WORDS[kind]), got=shown), ""
    return t("field.why", name=name, why=err["msg"]), ""


#: what a full `links:` address starts with (as in validate.py): a scheme, a site path or a fragment
_FULL_OR_SITE = re.compile(r"(?i)([a-z][a-z0-9+.-]*:|/|#)")


def _as_list(key: str, value: str) -> str:
    """`speakers: budi, ani` → 'speakers: [budi, ani]'; `links: https://x` → 'links: [{label: …, url: …}]'."""
    if key == "links":
        label = t("field.links.label")
        written = [u for u in re.split(r"[,\s]+", value) if u]
        urls = [u if _FULL_OR_SITE.match(u) else "https://" + u for u in written]  # as links.url must be
        urls = [u.replace("\\", "\\\\").replace('"', '\\"') for u in urls]
        return "links: [" + ", ".join(f'{{label: {label}, url: "{u}"}}' for u in urls) + "]"
    items = [item.strip() for item in value.split(",") if item.strip()]
    return f"{key}: [{', '.join(items)}]"


def _id_hint(value: str) -> str:
    """'Kota Malang', 'kota_malang' → "write it as an id: kota-malang" (only case and separators changed)."""
    fixed = slugged(value)
    return t("field.not-id.hint", fixed=fixed) if fixed and fixed != value and check_slug(fixed) is None else ""


def _limit(err: Any) -> Any:
    ctx = err.get("ctx") or {}
    for key in ("ge", "le", "gt", "lt"):
        if key in ctx:
            return ctx[key]
    return ""
