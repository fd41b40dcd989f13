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

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .store import digest, note_damaged, read_json, write_json

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
            self.error(node, "anchors and aliases (& and *) are not supported", "write the value out in full")
            raise _Stop
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.error(node, f"the data is nested more than {MAX_DEPTH} levels deep", "flatten it")
            raise _Stop
        if node.tag not in _SAFE_TAGS:
            self.error(node, f"the YAML tag '{node.tag}' is not allowed", "remove the tag; only plain data is read")
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
                self.error(key_node, "merge keys (<<) are not supported", "write the fields out in full")
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                raw = key_node.value if isinstance(key_node, ScalarNode) else "..."
                self.error(key_node, f"field name {raw!s} is not text", "field names are lowercase words")
                continue
            key = str(key_node.value)
            if key in out:
                first = self.result.positions.get((*path, key))
                where = f" (first set on line {first.line})" if first else ""
                self.error(key_node, f"field '{key}' is set twice{where}", "keep one of them")
                continue
            kline, kcol = self.pos(key_node)
            # The key's own position, so messages about a value point at its line.
            self.result.positions[(*path, key)] = Pos(kline, kcol)
            out[key] = self.walk(value_node, (*path, key), depth + 1)
            vpos = self.result.positions.get((*path, key))
            if vpos is not None:
                # Keep the key's line/col (editors look for the key) but the value's raw text.
                self.result.positions[(*path, key)] = Pos(kline, kcol, vpos.raw, vpos.plain)
        return out

    def scalar(self, node: ScalarNode, path: Path_, line: int, col: int) -> Any:
        plain = not node.style  # the C parser says '' where the Python one says None
        self.result.positions[path] = Pos(line, col, node.value, plain)
        try:
            value = self.constructor.construct_object(node)
        except (ValueError, OverflowError, yaml.YAMLError) as exc:
            hint = "dates are written YYYY-MM-DD" if node.tag.endswith("timestamp") else "check the value"
            self.error(node, f"'{node.value}' is not a valid value: {exc}", hint)
            return None
        if plain and node.tag.endswith(":int") and not _PLAIN_INT.fullmatch(node.value.replace("_", "")):
            self.error(
                node,
                f"YAML reads '{node.value}' as the number {value}",
                f'write the number plainly, or put it in quotes: "{node.value}"',
            )
        elif plain and node.tag.endswith(":float") and not _PLAIN_FLOAT.fullmatch(node.value):
            self.error(
                node,
                f"YAML reads '{node.value}' as the number {value}",
                f'put it in quotes if it is text: "{node.value}"',
            )
        return value


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
        result.errors.append((line_offset + 1, 1, "the front matter is too large", "move long text into the body"))
        return result
    loader_cls: Any = yaml.SafeLoader
    if _C_LOADER is not None and _nesting_estimate(text) <= MAX_DEPTH:
        loader_cls = _C_LOADER
    loader = loader_cls(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        col = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        if "expected a single document" in str(exc):
            problem = "more than one YAML document in the front matter"
            hint = "keep one block between the two '---' lines"
        else:
            hint = "check indentation, colons and quotes on this line"
        result.errors.append((line, col, f"invalid YAML: {problem}", hint))
        return result
    except yaml.YAMLError as exc:
        result.errors.append((line_offset + 1, 1, f"invalid YAML: {exc}", "check the front matter"))
        return result
    except RecursionError:
        result.errors.append(
            (line_offset + 1, 1, f"the data is nested more than {MAX_DEPTH} levels deep", "flatten it")
        )
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


# --- the cache of parsed front matter ---------------------------------------------------------
# Parsed front matter of earlier builds, so that a rebuild does not parse unchanged YAML again.
#
# Kept in ROOT/.handbill-cache/frontmatter.json: the digest of each front matter's exact text (and
# its line offset) → the parse result as tagged JSON (`encode_result`), data only: nothing read back
# can become code, and an entry that does not decode to exactly the shapes a parse makes is damaged
# (one warning, parsed again; store.py).  Only results without errors are kept, so every message
# still comes from a real parse.  The key of the whole file is the parser's code (yamlsafe.py) and
# PyYAML's version: a change to either starts afresh.  Because an entry is found by the digest of the
# text itself, an edited file can never get the result of its old text.  Each hit is decoded anew,
# so later stages may change what they get without touching the cache.  Without a file (the cache
# off) nothing is kept.  Deleting the folder is always safe.

CACHE_FORMAT = 2


def _code_key() -> str:
    code = (Path(__file__).parent / "yamlsafe.py").read_bytes()
    return digest(str(CACHE_FORMAT).encode(), yaml.__version__.encode(), code)


def _enc(value: Any) -> Any:
    """A parsed value as JSON, every type tagged (so that 1, 1.0, True and '1' stay apart)."""
    if value is None:
        return ["n"]
    if isinstance(value, bool):
        return ["b", value]
    if isinstance(value, int):
        return ["i", str(value)]
    if isinstance(value, float):
        return ["f", repr(value)]
    if isinstance(value, str):
        return ["s", value]
    if isinstance(value, dt.datetime):
        return ["t", value.isoformat()]
    if isinstance(value, dt.date):
        return ["d", value.isoformat()]
    if isinstance(value, list):
        return ["l", [_enc(v) for v in value]]
    if isinstance(value, dict):
        return ["m", [[_enc(k), _enc(v)] for k, v in value.items()]]
    raise TypeError(f"cannot store {type(value).__name__}")


def _dec(raw: Any) -> Any:
    if not isinstance(raw, list) or not raw or not isinstance(raw[0], str):
        raise ValueError("not a value")
    tag, rest = raw[0], raw[1:]
    if tag == "n" and not rest:
        return None
    if len(rest) != 1:
        raise ValueError("not a value")
    value = rest[0]
    if tag == "b" and isinstance(value, bool):
        return value
    if tag == "i" and isinstance(value, str):
        return int(value)
    if tag == "f" and isinstance(value, str):
        return float(value)
    if tag == "s" and isinstance(value, str):
        return value
    if tag == "t" and isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    if tag == "d" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if tag == "l" and isinstance(value, list):
        return [_dec(v) for v in value]
    if tag == "m" and isinstance(value, list):
        out = {}
        for pair in value:
            if not isinstance(pair, list) or len(pair) != 2:
                raise ValueError("not a pair")
            out[_dec(pair[0])] = _dec(pair[1])
        return out
    raise ValueError("not a value")


def encode_result(result: YamlResult) -> Any:
    if not all(isinstance(k, str | int) and not isinstance(k, bool) for path in result.positions for k in path):
        raise TypeError("a key this cache does not hold")
    positions = [[[_enc(k) for k in path], p.line, p.col, p.raw, p.plain] for path, p in result.positions.items()]
    return [_enc(result.data), positions]


def decode_result(raw: Any) -> YamlResult:
    if not isinstance(raw, list) or len(raw) != 2 or not isinstance(raw[1], list):
        raise ValueError("not a result")
    positions: dict[Path_, Pos] = {}
    for item in raw[1]:
        if not isinstance(item, list) or len(item) != 5 or not isinstance(item[0], list):
            raise ValueError("not a position")
        path = tuple(_dec(k) for k in item[0])
        line, col, text, plain = item[1:]
        if not all(isinstance(k, str | int) and not isinstance(k, bool) for k in path):
            raise ValueError("not a path")
        if type(line) is not int or type(col) is not int or not isinstance(text, str) or type(plain) is not bool:
            raise ValueError("not a position")
        positions[path] = Pos(line, col, text, plain)
    return YamlResult(_dec(raw[0]), positions, [])


class YamlCache:
    """`parse(text, offset)` answers like `yamlsafe.parse_yaml`, from the cache when it can."""

    def __init__(self, file: Path | None = None) -> None:
        self.file = file
        self.key = _code_key()
        self.old: dict[str, Any] = self._load()
        self.used: dict[str, Any] = {}
        self.misses = 0

    def _load(self) -> dict[str, Any]:
        if self.file is None:
            return {}
        raw = read_json(self.file)
        if raw is None:
            return {}
        if isinstance(raw, dict) and isinstance(raw.get("key"), str) and isinstance(raw.get("entries"), dict):
            return raw["entries"] if raw["key"] == self.key else {}
        note_damaged(self.file)
        return {}

    def parse(self, text: str, line_offset: int = 0) -> YamlResult:
        key = digest(str(line_offset).encode(), text.encode("utf-8", "surrogatepass"))
        stored = self.old.get(key)
        if stored is not None:
            try:
                found = decode_result(stored)
            except (ValueError, TypeError, OverflowError, RecursionError):
                assert self.file is not None
                note_damaged(self.file)
            else:
                self.used[key] = stored
                return found
        result = parse_yaml(text, line_offset)
        self.misses += 1
        if self.file is not None and not result.errors and result.data is not None:
            try:
                self.used[key] = encode_result(result)
            except TypeError:
                pass  # a value this cache cannot hold: parsed again next time
        return result

    def save(self) -> None:
        """Store the entries this build used (entries of deleted or edited files are dropped)."""
        if self.file is None or (self.misses == 0 and self.used.keys() == self.old.keys()):
            return
        write_json(self.file, {"key": self.key, "entries": self.used})
