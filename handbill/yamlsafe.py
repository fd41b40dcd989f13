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
    def __init__(self, line_offset: int) -> None:
        self.offset = line_offset
        self.seen: set[int] = set()
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
            self.error(node, t("yaml.alias"), t("yaml.alias.hint"))
            raise _Stop
        self.seen.add(id(node))
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

    def scalar(self, node: ScalarNode, path: Path_, line: int, col: int) -> Any:
        plain = not node.style  # the C parser says '' where the Python one says None
        self.result.positions[path] = Pos(line, col, node.value, plain)
        try:
            value = self.constructor.construct_object(node)
        except (ValueError, OverflowError, yaml.YAMLError) as exc:
            hint = t("yaml.bad-date.hint") if node.tag.endswith("timestamp") else t("yaml.bad-value.hint")
            self.error(node, t("yaml.bad-value", value=node.value, why=_why(exc)), hint)
            return None
        if plain and node.tag.endswith(":int") and not _PLAIN_INT.fullmatch(node.value.replace("_", "")):
            self.error(
                node,
                t("yaml.reads-number", raw=node.value, value=value),
                t("yaml.reads-int.hint", raw=node.value),
            )
        elif plain and node.tag.endswith(":float") and not _PLAIN_FLOAT.fullmatch(node.value):
            self.error(
                node,
                t("yaml.reads-number", raw=node.value, value=value),
                t("yaml.reads-float.hint", raw=node.value),
            )
        return value


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
    except yaml.YAMLError as exc:
        result.errors.append((line_offset + 1, 1, t("yaml.invalid", problem=exc), t("yaml.invalid.file-hint")))
        return result
    except RecursionError:
        result.errors.append((line_offset + 1, 1, t("yaml.too-deep", max=MAX_DEPTH), t("yaml.too-deep.hint")))
        return result
    finally:
        loader.dispose()
    if node is None:
        result.data = {}
        return result
    walker = _Walker(line_offset)
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
        if row[: len(row) - len(row.lstrip())]:
            return (*at(exc.problem_mark, 0), t("yaml.indent"), t("yaml.indent.hint"))
    if "could not find expected ':'" in problem and ctx is not None:
        ns = _NO_SPACE.match(src(ctx))
        if ns:
            fixed = f"{ns.group('indent')}{ns.group('key')}: {ns.group('value')}"
            return (*at(ctx, ns.end("key") + 1), t("yaml.no-space"), t("yaml.no-space.hint", fixed=fixed))
    context = exc.context or ""
    if "quoted scalar" in context and ctx is not None:
        quote = src(ctx)[ctx.column : ctx.column + 1] or '"'
        return (*at(ctx), t("yaml.unclosed-quote"), t("yaml.unclosed-quote.hint", quote=quote))
    if "flow sequence" in context and ctx is not None:
        return (*at(ctx), t("yaml.unclosed-bracket"), t("yaml.unclosed-bracket.hint", bracket="]"))
    if "flow mapping" in context and ctx is not None:
        return (*at(ctx), t("yaml.unclosed-bracket"), t("yaml.unclosed-bracket.hint", bracket="}"))
    return (*at(mark), t("yaml.invalid", problem=problem), t("yaml.invalid.hint"))
