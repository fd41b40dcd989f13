"""The cache of parsed front matter, so that a rebuild does not parse unchanged YAML again.

Kept in ROOT/.handbill-cache/frontmatter.json: the digest of each front matter's exact text (and
its line offset) → the parse result as tagged JSON (`encode_result`), data only: nothing read back
can become code, and an entry that does not decode to exactly the shapes a parse makes is damaged
(one warning, parsed again; store.py).  Only results without errors are kept, so every message
still comes from a real parse.  The key of the whole file is the parser's code (yamlsafe.py and
this file) and PyYAML's version: a change to any starts afresh.  Because an entry is found by the
digest of the text itself, an edited file can never get the result of its old text.  Each hit is
decoded anew, so later stages may change what they get without touching the cache.  Without a file
(the cache off) nothing is kept.  Deleting the folder is always safe.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from ..yamlsafe import Path_, Pos, YamlResult, parse_yaml
from . import resident
from .store import code_unchanged, digest, note_damaged, parse_json, read_file, write_json

CACHE_FORMAT = 3  # 3: positions carry the value's line and column (issue 13)


def _code_key() -> str:
    """The parser's code (yamlsafe.py), this file's and PyYAML's version: a change to any starts afresh.
    Read from disk: `YamlCache` uses the file only while the generator's files are still those this
    process loaded (store.code_unchanged): a parse by older code is never stored under newer code's key."""
    here = Path(__file__)
    code = [(here.parent.parent / "yamlsafe.py").read_bytes(), here.read_bytes()]
    return digest(str(CACHE_FORMAT).encode(), yaml.__version__.encode(), *code)


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
    """The value `_enc` made, or ValueError.  Exact types (`type(x) is list`): what json.loads makes.
    Written out rather than sliced and generated: a 10,000-page rebuild decodes 200,000 of these."""
    if type(raw) is not list or not raw:
        raise ValueError("not a value")
    tag = raw[0]
    if len(raw) == 2:
        value = raw[1]
        kind = type(value)
        if tag == "s" and kind is str:
            return value
        if tag == "l" and kind is list:
            return [_dec(v) for v in value]
        if tag == "m" and kind is list:
            out = {}
            for pair in value:
                if type(pair) is not list or len(pair) != 2:
                    raise ValueError("not a pair")
                out[_dec(pair[0])] = _dec(pair[1])
            return out
        if tag == "i" and kind is str:
            return int(value)
        if tag == "b" and kind is bool:
            return value
        if tag == "f" and kind is str:
            return float(value)
        if tag == "t" and kind is str:
            return dt.datetime.fromisoformat(value)
        if tag == "d" and kind is str:
            return dt.date.fromisoformat(value)
    elif tag == "n" and len(raw) == 1:
        return None
    raise ValueError("not a value")


def _key(raw: Any) -> str | int:
    """A key of a position's path: only a string or an integer (what `_dec` gives for "s" and "i")."""
    if type(raw) is list and len(raw) == 2:
        tag, value = raw
        if type(value) is str:
            if tag == "s":
                return value
            if tag == "i":
                return int(value)
    raise ValueError("not a path")


def encode_result(result: YamlResult) -> Any:
    if not all(isinstance(k, str | int) and not isinstance(k, bool) for path in result.positions for k in path):
        raise TypeError("a key this cache does not hold")
    positions = [
        [[_enc(k) for k in path], p.line, p.col, p.raw, p.plain, p.vline, p.vcol]
        for path, p in result.positions.items()
    ]
    return [_enc(result.data), positions]


def decode_result(raw: Any) -> YamlResult:
    if type(raw) is not list or len(raw) != 2 or type(raw[1]) is not list:
        raise ValueError("not a result")
    positions: dict[Path_, Pos] = {}
    for item in raw[1]:
        if type(item) is not list or len(item) != 7:
            raise ValueError("not a position")
        keys, line, col, text, plain, vline, vcol = item
        if type(keys) is not list:
            raise ValueError("not a position")
        if (
            type(line) is not int
            or type(col) is not int
            or type(vline) is not int
            or type(vcol) is not int
            or type(text) is not str
            or type(plain) is not bool
        ):
            raise ValueError("not a position")
        positions[tuple([_key(k) for k in keys])] = Pos(line, col, text, plain, vline, vcol)
    return YamlResult(_dec(raw[0]), positions, [])


#: The preview's front matter, decoded: entry key → (the stored entry object, what it decodes to).
#: Found only when the stored object is the very one decoded before (`is`): the entries a build
#: reads back from the file its preview wrote are the same objects (resident.py), while bytes read
#: from disk again are new objects, decoded again.  Each build keeps the entries it used.  The
#: results are shared between builds: nobody changes a parsed file's data or positions.
_decoded: dict[str, tuple[Any, YamlResult]] = {}


class YamlCache:
    """`parse(text, offset)` answers like `yamlsafe.parse_yaml`, from the cache when it can."""

    def __init__(self, file: Path | None = None) -> None:
        self.key = _code_key()  # read first, then: is it still the parser this process loaded?
        if not code_unchanged():
            # The parser on disk is not the one that runs here (a preview started before an edit or
            # an upgrade): results of this code must not go into the shared file under that key.
            file = None
        self.file = file
        self.old: dict[str, Any] = self._load()
        self.used: dict[str, Any] = {}
        self.misses = 0
        self.decoded: dict[str, tuple[Any, YamlResult]] = {}

    def _load(self) -> dict[str, Any]:
        if self.file is None:
            return {}
        data = read_file(self.file)
        if data is None:
            return {}
        kept = resident.recall(self.file, data)  # the preview: what its last build wrote or read
        if isinstance(kept, tuple):
            return kept[1] if kept[0] == self.key else {}
        raw = parse_json(self.file, data)
        if raw is None:
            return {}
        if isinstance(raw, dict) and isinstance(raw.get("key"), str) and isinstance(raw.get("entries"), dict):
            resident.keep(self.file, data, (raw["key"], raw["entries"]))
            return raw["entries"] if raw["key"] == self.key else {}
        note_damaged(self.file)
        return {}

    def parse(self, text: str, line_offset: int = 0) -> YamlResult:
        key = digest(str(line_offset).encode(), text.encode("utf-8", "surrogatepass"))
        stored = self.old.get(key)
        if stored is not None:
            before = _decoded.get(key)
            if before is not None and before[0] is stored:
                self.used[key] = stored
                self.decoded[key] = before
                return before[1]
            try:
                found = decode_result(stored)
            except (ValueError, TypeError, OverflowError, RecursionError):
                assert self.file is not None
                note_damaged(self.file)
            else:
                self.used[key] = stored
                self.decoded[key] = (stored, found)
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
        global _decoded
        _decoded = self.decoded
        if self.file is None or (self.misses == 0 and self.used.keys() == self.old.keys()):
            return
        # Entries are JSON values, never changed once made (`parse` only reads and adds them).
        written = write_json(self.file, {"key": self.key, "entries": self.used})
        resident.keep(self.file, written, (self.key, dict(self.used)))
