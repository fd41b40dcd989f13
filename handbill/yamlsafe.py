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

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .store import digest

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
# Parsed front matter of earlier builds in this process (the preview builds again and again), so
# that a rebuild does not parse unchanged YAML again.  Kept in memory only: a parse result is Python
# objects, and nothing that can become code is ever read back from disk (the cache folder is
# untrusted input; store.py).  Only results without errors are kept, so every message still comes
# from a real parse.  The key is the parser's code, PyYAML's version, the text and its line offset:
# an edited file can never get the result of its old text.  Each hit is a deep copy, so later stages
# may change what they get without touching the cache.

CACHE_FORMAT = 2
_MEMORY: dict[str, YamlResult] = {}
_MEMORY_SIZE = 200_000


def _code_key() -> str:
    code = (Path(__file__).parent / "yamlsafe.py").read_bytes()
    return digest(str(CACHE_FORMAT).encode(), yaml.__version__.encode(), code)


class YamlCache:
    """`parse(text, offset)` answers like `yamlsafe.parse_yaml`, from this process's memory when it can.
    `file` is accepted for callers of the earlier, on-disk cache and is never read or written."""

    def __init__(self, file: Path | None = None) -> None:
        self.key = _code_key()
        self.misses = 0

    def parse(self, text: str, line_offset: int = 0) -> YamlResult:
        key = digest(self.key.encode(), str(line_offset).encode(), text.encode("utf-8", "surrogatepass"))
        found = _MEMORY.get(key)
        if found is not None:
            return copy.deepcopy(found)
        result = parse_yaml(text, line_offset)
        self.misses += 1
        if not result.errors and result.data is not None:
            if len(_MEMORY) >= _MEMORY_SIZE:
                _MEMORY.pop(next(iter(_MEMORY)))
            _MEMORY[key] = copy.deepcopy(result)
        return result

    def save(self) -> None:
        """Nothing to save: the cache lives in memory (kept for its callers)."""
