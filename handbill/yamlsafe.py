"""YAML as data, never code, with the line and column of every value.

PyYAML composes a node graph; we walk it ourselves instead of letting a constructor build Python
objects, because the walk is where the contract's rules are easiest to keep:

* only the safe scalar types (no Python tags: an unknown tag is an error);
* aliases are refused: a node reached twice is an alias, so a "billion laughs" bomb stops at its
  second reference, with bounded memory;
* nesting deeper than MAX_DEPTH and duplicate keys are errors;
* every key path records where its value stands, so later stages can point at the exact line;
* plain scalars that YAML 1.1 turns into something surprising (`017` → 15, `1:30` → 90) are errors.

The pure-Python composer is used unless the text is small and shallow enough for the C parser to be
safe (some libyaml builds crash on very deep nesting; we measure nesting before trusting it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .messages import t

MAX_DEPTH = 20
MAX_YAML_CHARS = 512_000

Path_ = tuple[str | int, ...]

_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]*[0-9][0-9_]*")  # 07, 0_7: not 0x1f, 0b1, 1:30
_PLAIN_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")

_C_LOADER: Any = getattr(yaml, "CSafeLoader", None)


@dataclass(frozen=True)
class Pos:
    line: int
    col: int
    raw: str = ""  # the scalar's source text, for messages such as "YAML reads NO as false"
    plain: bool = False  # written without quotes
    vline: int = 0  # where the value of a 'key: value' starts (0: as line/col)
    vcol: int = 0

    def value(self) -> Pos:
        """The position of the value itself: what a message about the value points at."""
        if not self.vline:
            return self
        return Pos(self.vline, self.vcol, self.raw, self.plain)


@dataclass
class YamlResult:
    data: Any = None
    positions: dict[Path_, Pos] = field(default_factory=dict)
    errors: list[tuple[int, int, str, str]] = field(default_factory=list)  # line, col, message, hint


class _Walker:
    def __init__(self, line_offset: int, lines: list[str] | None = None) -> None:
        self.offset = line_offset
        self.lines = lines or []
        self.seen: set[int] = set()
        self.anchored = False  # an anchor (&name) was reported: a later alias to it needs no line of its own
        self.result = YamlResult()
        self.constructor = yaml.constructor.SafeConstructor()

    def pos(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def error(self, node: Node, message: str, hint: str = "") -> None:
        line, col = self.pos(node)
        self.result.errors.append((line, col, message, hint))

    def walk(self, node: Node, path: Path_, depth: int) -> Any:
        line, col = self.pos(node)
        if id(node) in self.seen:
            if not self.anchored:
                self.error(node, t("yaml.alias"), t("yaml.alias.hint"))
            raise _Stop
        self.seen.add(id(node))
        self.anchor(node)
        if depth > MAX_DEPTH:
            self.error(node, t("yaml.too-deep", max=MAX_DEPTH), t("yaml.too-deep.hint"))
            raise _Stop
        if node.tag not in _SAFE_TAGS:
            self.error(node, t("yaml.tag", tag=node.tag), t("yaml.tag.hint"))
            return None
        if isinstance(node, ScalarNode):
            return self.scalar(node, path, line, col)
        if isinstance(node, SequenceNode):
            self.result.positions[path] = Pos(line, col)
            return [self.walk(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        self.result.positions[path] = Pos(line, col)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.error(key_node, t("yaml.merge"), t("yaml.merge.hint"))
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                raw = key_node.value if isinstance(key_node, ScalarNode) else "..."
                self.error(key_node, t("yaml.key-not-text", key=raw), t("yaml.key-not-text.hint"))
                continue
            key = str(key_node.value)
            if key in out:
                first = self.result.positions.get((*path, key))
                if first:
                    self.error(key_node, t("yaml.duplicate-at", key=key, line=first.line), t("yaml.duplicate.hint"))
                else:
                    self.error(key_node, t("yaml.duplicate", key=key), t("yaml.duplicate.hint"))
                continue
            kline, kcol = self.pos(key_node)
            # The key's own position, so messages about a value point at its line.
            self.result.positions[(*path, key)] = Pos(kline, kcol)
            out[key] = self.walk(value_node, (*path, key), depth + 1)
            vpos = self.result.positions.get((*path, key))
            if vpos is not None:
                # The key's line/col (an unknown field is the key's fault) and the value's, where a
                # message about the value points (issue 13: "the column of the value, not 1").
                self.result.positions[(*path, key)] = Pos(kline, kcol, vpos.raw, vpos.plain, vpos.line, vpos.col)
        return out

    def anchor(self, node: Node) -> None:
        """`title: &Penting teks` is the title "teks": YAML reads '&Penting' as an anchor (a name for the
        value, to repeat it elsewhere with *Penting) and drops it.  An error at the '&', with the value
        in quotes as the fix; the document's first anchor only, and its aliases (`*Penting`) say nothing more."""
        mark = node.start_mark
        row = self.lines[mark.line] if 0 <= mark.line < len(self.lines) else ""
        if row[mark.column : mark.column + 1] != "&" or self.anchored:
            return  # one line for a document's anchors (an alias bomb has dozens)
        self.anchored = True
        found = None
        if isinstance(node, ScalarNode) and node.end_mark.line == mark.line:
            found = _value_starting_at(row, mark.column)
        if found:
            key, fixed = found
            message = t("yaml.special-start", key=key, char="&") if key else t("yaml.special-item", char="&")
            self.error(node, message, t("yaml.colon-in-value.hint", fixed=fixed))
            return
        self.error(node, t("yaml.alias"), t("yaml.alias.hint"))

    def scalar(self, node: ScalarNode, path: Path_, line: int, col: int) -> Any:
        plain = not node.style  # the C parser says '' where the Python one says None
        self.result.positions[path] = Pos(line, col, node.value, plain)
        try:
            value = self.constructor.construct_object(node)
        except (ValueError, OverflowError, yaml.YAMLError) as exc:
            if not node.tag.endswith("timestamp"):
                hint = t("yaml.bad-value.hint")
            elif len(node.value.strip()) > 10:  # 2025-12-11 25:00
                hint = t("yaml.bad-datetime.hint")
            else:
                hint = t("yaml.bad-date.hint")
            name = _name(path) or t("field.value")
            self.error(node, t("yaml.bad-value", name=name, value=node.value, why=_why(exc)), hint)
            return None
        if plain and isinstance(value, str) and value:
            self.comment_after(node, path)
        if plain and node.tag.endswith(":int") and not _PLAIN_INT.fullmatch(node.value.replace("_", "")):
            if _LEADING_ZERO.fullmatch(node.value):
                # The field's type is not known here: `number: 07` wants "07", `capacity: 050` wants 50.
                plain_number = str(int(node.value.replace("_", ""), 10))
                hint = t("yaml.reads-leading-zero.hint", raw=node.value, plain=plain_number)
            else:
                hint = t("yaml.reads-int.hint", raw=node.value)
            self.error(node, t("yaml.reads-number", raw=node.value, value=value), hint)
        elif plain and node.tag.endswith(":float") and not _PLAIN_FLOAT.fullmatch(node.value):
            self.error(
                node,
                t("yaml.reads-number", raw=node.value, value=value),
                t("yaml.reads-float.hint", raw=node.value),
            )
        return value

    def comment_after(self, node: ScalarNode, path: Path_) -> None:
        """`title: Pembukaan #Ekraf2025` is the title "Pembukaan": YAML reads ' #...' as a comment.
        A comment after a value is only taken as meant when two spaces stand before its '#' (as in
        the files `new` writes: `title: ""  # <- isi`); one space (or a tab) is an error at the '#'."""
        end = node.end_mark
        row = self.lines[end.line] if 0 <= end.line < len(self.lines) else ""
        rest = row[end.column :]
        comment = rest.lstrip(" \t")
        gap = rest[: len(rest) - len(comment)]
        if not comment.startswith("#") or len(gap) != 1:
            return
        name = _name(path)
        start = node.start_mark
        if start.line == end.line:
            whole = row[start.column :].rstrip().replace("\\", "\\\\").replace('"', '\\"')
            hint = t("yaml.comment-in-value.hint", fixed=f'{row[: start.column].lstrip()}"{whole}"')
        else:
            hint = t("yaml.comment-in-value.lines-hint")
        col = end.column + len(gap) + 1
        self.result.errors.append((end.line + 1 + self.offset, col, t("yaml.comment-in-value", name=name), hint))


def _name(path: Path_) -> str:
    """('links', 0, 'url') → 'links[0].url', as messages name a value."""
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(path))


#: Python's words for an impossible date or time → the catalog's code
_DATE_WHY = {
    "day is out of range for month": "why.day-range",
    "month must be in 1..12": "why.month-range",
    "hour must be in 0..23": "why.hour-range",
    "minute must be in 0..59": "why.minute-range",
    "second must be in 0..59": "why.second-range",
}


def _why(exc: BaseException) -> str:
    code = _DATE_WHY.get(str(exc))
    return t(code) if code else str(exc)


class _Stop(Exception):
    """Abandon the walk: the rest of this document cannot be trusted (alias bomb, deep nesting)."""


def _nesting_estimate(text: str) -> int:
    """Upper bound of flow/indent nesting, cheap enough to run before choosing a parser."""
    depth = best = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            best = max(best, depth)
        elif ch in "]}":
            depth -= 1
    indent = max((len(line) - len(line.lstrip(" -")) for line in text.split("\n")), default=0)
    return max(best, indent // 2)


def parse_yaml(text: str, line_offset: int = 0) -> YamlResult:
    """Parse one YAML document.  Errors are returned, never raised; `data` is None when unusable."""
    result = YamlResult()
    if len(text) > MAX_YAML_CHARS:
        result.errors.append((line_offset + 1, 1, t("yaml.too-large"), t("yaml.too-large.hint")))
        return result
    loader_cls: Any = yaml.SafeLoader
    if _C_LOADER is not None and _nesting_estimate(text) <= MAX_DEPTH:
        loader_cls = _C_LOADER
    loader = loader_cls(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        result.errors.append(explain_yaml_error(exc, text, line_offset))
        return result
    except yaml.YAMLError:
        result.errors.append((line_offset + 1, 1, t("yaml.invalid"), t("yaml.invalid.file-hint")))
        return result
    except RecursionError:
        result.errors.append((line_offset + 1, 1, t("yaml.too-deep", max=MAX_DEPTH), t("yaml.too-deep.hint")))
        return result
    finally:
        loader.dispose()
    if node is None:
        result.data = {}
        return result
    walker = _Walker(line_offset, text.split("\n"))
    try:
        result.data = walker.walk(node, (), 0)
    except (_Stop, RecursionError):
        result.data = None
    result.positions = walker.result.positions
    result.errors = walker.result.errors
    return result


_KEY_VALUE = re.compile(r"^(?P<indent>[ \t]*)(?P<key>[^\s:#'\"][^:]*?):[ \t]+(?P<value>.*?)[ \t]*$")
_NO_SPACE = re.compile(r"^(?P<indent>[ ]*)(?P<key>[A-Za-z_][\w-]*):(?P<value>[^\s].*?)[ \t]*$")


def explain_yaml_error(exc: yaml.MarkedYAMLError, text: str, line_offset: int) -> tuple[int, int, str, str]:
    """(line, col, message, hint) in plain words for the parser's complaint, at the offending character:
    a tab, a colon inside a value, a missing space after a colon, a quote or bracket never closed."""
    lines = text.split("\n")
    mark = exc.problem_mark or exc.context_mark
    ctx = exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"

    def src(m: Any) -> str:
        return lines[m.line] if m is not None and 0 <= m.line < len(lines) else ""

    def at(m: Any, col: int | None = None) -> tuple[int, int]:
        if m is None:
            return line_offset + 1, 1
        return m.line + 1 + line_offset, (m.column if col is None else col) + 1

    if "expected a single document" in str(exc):
        return (*at(mark), t("yaml.several-documents"), t("yaml.several-documents.hint"))
    for m in (exc.problem_mark, ctx):
        row = src(m)
        lead = row[: len(row) - len(row.lstrip(" \t"))]
        if "\t" in lead:
            return (*at(m, lead.index("\t")), t("yaml.tab"), t("yaml.tab.hint"))
    if "mapping values are not allowed" in problem:
        row = src(exc.problem_mark)
        kv = _KEY_VALUE.match(row)
        if kv and exc.problem_mark is not None and exc.problem_mark.column > kv.end("key"):
            value = kv.group("value").replace("\\", "\\\\").replace('"', '\\"')
            fixed = f'{kv.group("indent")}{kv.group("key")}: "{value}"'
            return (
                *at(exc.problem_mark, kv.start("value")),
                t("yaml.colon-in-value", key=kv.group("key").strip()),
                t("yaml.colon-in-value.hint", fixed=fixed),
            )
        if kv and exc.problem_mark is not None and exc.problem_mark.column == kv.end("key"):
            # `room ballroom` (or `title:Pembukaan`) then `day: ...`: YAML read the line before as
            # the start of a text running on into this line's field name.
            before = exc.problem_mark.line - 1
            while before >= 0 and (not lines[before].strip() or lines[before].lstrip().startswith("#")):
                before -= 1
            found = _line_fix(lines[before]) if before >= 0 else None
            if found:
                col, message, hint = found
                return (before + 1 + line_offset, col + 1, message, hint)
        if row[: len(row) - len(row.lstrip())]:
            return (*at(exc.problem_mark, 0), t("yaml.indent"), t("yaml.indent.hint"))
    if "could not find expected ':'" in problem and ctx is not None:
        found = _line_fix(src(ctx))
        if found:
            col, message, hint = found
            return (*at(ctx, col), message, hint)
    context = exc.context or ""
    if "quoted scalar" in context and ctx is not None:
        quote = src(ctx)[ctx.column : ctx.column + 1] or '"'
        return (*at(ctx), t("yaml.unclosed-quote"), t("yaml.unclosed-quote.hint", quote=quote))
    if "flow sequence" in context and ctx is not None:
        return (*at(ctx), t("yaml.unclosed-bracket"), t("yaml.unclosed-bracket.hint", bracket="]"))
    if "flow mapping" in context and ctx is not None:
        return (*at(ctx), t("yaml.unclosed-bracket"), t("yaml.unclosed-bracket.hint", bracket="}"))
    pm = exc.problem_mark
    if ("expected key" in problem or "expected <block end>" in problem) and pm is not None:
        # C parser: "did not find expected key"; Python parser: "expected <block end>, but found ..."
        row = src(pm)
        if row[pm.column : pm.column + 1] == "-" and not row[: pm.column].strip():
            return (*at(pm), t("yaml.stray-item"), t("yaml.stray-item.hint"))
        kv = _KEY_VALUE.match(row)
        value = kv.group("value") if kv else ""
        if kv and value[:1] in {"'", '"'} and row[: pm.column].rstrip().endswith(("'", '"')):
            quote = value[0]
            inner = value[1:-1] if len(value) > 1 and value.endswith(quote) else value[1:]
            if quote == '"' and "'" not in inner:
                quoted = f"'{inner}'"
            else:
                quoted = '"' + inner.replace("\\", "\\\\").replace('"', '\\"') + '"'
            fixed = f"{kv.group('indent')}{kv.group('key')}: {quoted}"
            return (
                *at(pm),
                t("yaml.after-quote", key=kv.group("key").strip()),
                t("yaml.after-quote.hint", quote=quote, fixed=fixed),
            )
    special = "cannot start any token" in problem or "alias" in problem or "alias" in context
    special = special or "block scalar" in context or "sequence entries are not allowed" in problem
    if special:
        m = ctx if ("alias" in context or "block scalar" in context) and ctx is not None else pm
        row = src(m)
        if m is not None and m.column < len(row):
            char = row[m.column]
            found_value = _value_starting_at(row, m.column)
            if found_value:
                key, fixed = found_value
                message = t("yaml.special-start", key=key, char=char) if key else t("yaml.special-item", char=char)
                return (*at(m), message, t("yaml.colon-in-value.hint", fixed=fixed))
            if not row[: m.column].strip():
                return (*at(m), t("yaml.special-key", char=char), t("yaml.special-key.hint", char=char))
    return (*at(mark), t("yaml.invalid"), t("yaml.invalid.hint"))


_NO_COLON = re.compile(r"^(?P<indent>[ ]*)(?P<key>[A-Za-z_][\w-]*)(?:[ \t]+(?P<value>\S.*?))?[ \t]*$")


def _line_fix(row: str) -> tuple[int, str, str] | None:
    """For a line meant as `key: value` that YAML could not read as one, (0-based column, message,
    hint): `room:ballroom` lacks the space after the colon, `room ballroom` the colon itself."""
    ns = _NO_SPACE.match(row)
    if ns:
        fixed = f"{ns.group('indent')}{ns.group('key')}: {ns.group('value')}"
        return ns.end("key") + 1, t("yaml.no-space"), t("yaml.no-space.hint", fixed=fixed)
    nc = _NO_COLON.match(row)
    if nc:
        key = nc.group("key")
        fixed = (
            f"{nc.group('indent')}{key}: {nc.group('value')}" if nc.group("value") else f"{nc.group('indent')}{key}:"
        )
        return nc.end("key"), t("yaml.no-colon", key=key), t("yaml.no-colon.hint", fixed=fixed)
    return None


def _value_starting_at(row: str, col: int) -> tuple[str, str] | None:
    """(the field's name, or "" for a list item; the line with the value in quotes) when `col` is
    where the value of a `key: value` line or of a `- value` list item starts."""
    kv = _KEY_VALUE.match(row)
    if kv and kv.start("value") == col:
        start, key = col, kv.group("key").strip()
    else:
        item = re.match(r"^[ ]*-[ ]+", row)
        if not item or item.end() != col:
            return None
        start, key = col, ""
    value = row[start:].rstrip().replace("\\", "\\\\").replace('"', '\\"')
    return key, f'{row[:start]}"{value}"'
