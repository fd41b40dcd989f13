"""What a page render reads, so that a page is rendered again exactly when something it showed changed.

While `tracing()` is active, every attribute read on an `Entry` or a `Site` adds a *dependency* to
the current `Recording` — whoever reads it: a template, a view helper, the JSON-LD builder.

    ("e", kind, slug)           one entry: every language file of it, existing or not (cache.py)
    ("k", kind, lang)           every entry of a kind: iterating site.sessions (and a query whose
                                argument cannot be named again, which no template has)
    ("q", query, lang, *arg)    which entries a site query answers, in order: site.sessions_sorted(),
                                site.sessions_of(speaker) → ("q", "sessions_of", "id", "entry",
                                "speakers", slug); what the page then reads of those entries is
                                recorded as their own ("e", ...) reads
    ("has", kind, lang, slug)   whether site.<kind> has this slug  (`item.page in site.pages`)
    ("menu", lang)              which pages are in the menu, and their order (site.menu_pages())
    ("w",)                      anything else read on a Site: all content
    ("r", lang, kind, slug)     a body link to another entry resolved (render.BuildContext.body)
    ("p", lang, path)           a body link to a site path checked

`cache.PageCache` turns each dependency into a digest of its current value; a cached page is reused
only when every digest is unchanged.  Settings that every page may see (templates, strings,
site.yaml, assets, the code) are in the cache's key instead.

A query's answer is recorded rather than its whole kind, so that editing one session renders again
the pages that show it (its speakers', its booth's, the agenda), not every page that lists some
session: a speaker's page depends on which sessions name that speaker, and on those sessions only.
Reads of names starting with '_' (Site's own indexes) are not recorded: the public query that
reached them already was.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from ..model import Entry, Site

Dep = tuple[str, ...]

#: Site attributes that are settings (site.yaml), not content.
_SETTINGS = frozenset({"lang", "config", "rooms", "tracks", "subsectors", "event", "days"})
#: Site collections (wrapped so that a membership test or a look-up records only that slug).
_KINDS = frozenset({"cities", "speakers", "booths", "sessions", "news", "pages"})
#: Site queries, and the kind whose entries decide their answer.
_QUERIES = {
    "sessions_sorted": "sessions",
    "sessions_on": "sessions",
    "sessions_of": "sessions",
    "sessions_in": "sessions",
    "sessions_at_booth": "sessions",
    "speakers_sorted": "speakers",
    "speakers_of": "speakers",
    "booths_sorted": "booths",
    "booths_of": "booths",
    "cities_sorted": "cities",
    "news_sorted": "news",
    "news_about": "news",
}


@dataclass
class Recording:
    """The reads of one page render, and the bodies it showed (in order, for their problems)."""

    reads: set[Dep] = field(default_factory=set)
    bodies: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class _State:
    """One `tracing()` block: the recording reads go to, and whether reads are paused.  A read on an
    entry or a site with neither is *unattributed*: counted, so that the caller can refuse to save
    what it recorded (fail closed: a page that depended on a read nobody saw would be reused wrongly)."""

    rec: Recording | None = None
    paused: bool = False
    unattributed: int = 0


#: Per thread and per task (contextvars), so that tracing nests and two builds in one process
#: (the preview's rebuild thread and a test) never record into each other's pages.
_state: ContextVar[_State | None] = ContextVar("handbill_tracing", default=None)
_patch_lock = threading.Lock()
_patch_depth = [0]


def _note(dep: Dep) -> Recording | None:
    state = _state.get()
    if state is None or state.paused:
        return None
    if state.rec is None:
        state.unattributed += 1
        return None
    state.rec.reads.add(dep)
    return state.rec


def entry_dep(entry: Entry) -> Dep:
    kind = object.__getattribute__(entry, "kind")
    slug = object.__getattribute__(entry, "slug")
    return ("e", kind, slug)


class TrackedKind(Mapping[str, Any]):
    """site.<kind> while tracing: a look-up records one slug, anything wider records the whole kind."""

    def __init__(self, data: dict[str, Any], kind: str, lang: str, rec: Recording) -> None:
        self._data, self._kind, self._lang, self._rec = data, kind, lang, rec

    def _all(self) -> None:
        self._rec.reads.add(("k", self._kind, self._lang))

    def __getitem__(self, key: str) -> Any:
        self._rec.reads.add(("has", self._kind, self._lang, key))
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        self._rec.reads.add(("has", self._kind, self._lang, str(key)))
        return key in self._data

    def get(self, key: str, default: Any = None) -> Any:
        self._rec.reads.add(("has", self._kind, self._lang, key))
        return self._data.get(key, default)

    def __iter__(self) -> Iterator[str]:
        self._all()
        return iter(self._data)

    def __len__(self) -> int:
        self._all()
        return len(self._data)

    def __bool__(self) -> bool:
        self._all()
        return bool(self._data)


def _entry_getattribute(self: Entry, name: str) -> Any:
    if _state.get() is not None:
        _note(entry_dep(self))
    return object.__getattribute__(self, name)


def _site_getattribute(self: Site, name: str) -> Any:
    value = object.__getattribute__(self, name)
    state = _state.get()
    if state is None or state.paused or name.startswith("_") or name in _SETTINGS:
        return value
    rec = state.rec
    if rec is None:
        state.unattributed += 1
        return value
    lang = object.__getattribute__(self, "lang")
    if name in _KINDS:
        return TrackedKind(value, name, lang, rec)
    if name == "menu_pages":
        rec.reads.add(("menu", lang))
    elif name in _QUERIES:
        if callable(value):
            return _query(value, name, lang, rec)
        rec.reads.add(("k", _QUERIES[name], lang))
    else:
        rec.reads.add(("w",))
    if callable(value):
        return _quiet(value)  # what the query reads inside is covered by the dependency just recorded
    return value


def _arg_key(arg: Any) -> tuple[str, ...] | None:
    """A query argument as a dependency names it (`query_answer` finds it again), or None."""
    if isinstance(arg, Entry):
        return ("entry", object.__getattribute__(arg, "kind"), object.__getattribute__(arg, "slug"))
    if isinstance(arg, dt.date) and not isinstance(arg, dt.datetime):
        return ("date", arg.isoformat())
    return None


def _query(method: Callable[..., Any], name: str, lang: str, rec: Recording) -> Callable[..., Any]:
    """A site query that records its answer's dependency when it is called (with its argument)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        # Queries take an entry, a day or nothing, and answer from the argument's identity alone.
        key: tuple[str, ...] | None = None
        if not kwargs and len(args) <= 1:
            key = _arg_key(args[0]) if args else ()
        # An argument that cannot be named again (none in the templates): the whole kind.
        rec.reads.add(("q", name, lang, *key) if key is not None else ("k", _QUERIES[name], lang))
        return _quiet(method)(*args, **kwargs)

    return call


def query_answer(site: Site, dep: Dep) -> list[tuple[str, str]] | None:
    """The answer of the query a ("q", ...) dependency names, as (kind, slug) in order; None when
    its argument is gone or the dependency is not one (never equal to an answer)."""
    name, arg = dep[1], dep[3:]
    if name not in _QUERIES:
        return None
    args: list[Any] = []
    if arg[:1] == ("entry",) and len(arg) == 3:
        found = object.__getattribute__(site, arg[1]).get(arg[2]) if arg[1] in _KINDS else None
        if found is None:
            return None
        args.append(found)
    elif arg[:1] == ("date",) and len(arg) == 2:
        args.append(dt.date.fromisoformat(arg[1]))
    elif arg:
        return None
    with paused():
        answer = getattr(site, name)(*args)
    return [(object.__getattribute__(e, "kind"), object.__getattribute__(e, "slug")) for e in answer]


def _quiet(method: Any) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        with paused():
            return method(*args, **kwargs)

    return call


@contextmanager
def tracing() -> Iterator[_State]:
    """Record reads on entries and sites (for `recording`) while the block runs.  Nestable, and
    private to the thread or task that runs it; yields the block's state (`unattributed`)."""
    with _patch_lock:
        if _patch_depth[0] == 0:
            Entry.__getattribute__ = _entry_getattribute  # type: ignore[method-assign,assignment]
            Site.__getattribute__ = _site_getattribute  # type: ignore[method-assign,assignment]
        _patch_depth[0] += 1
    state = _State()
    token = _state.set(state)
    try:
        yield state
    finally:
        _state.reset(token)
        with _patch_lock:
            _patch_depth[0] -= 1
            if _patch_depth[0] == 0:
                del Entry.__getattribute__
                del Site.__getattribute__


@contextmanager
def recording(rec: Recording) -> Iterator[Recording]:
    state = _state.get()
    if state is None:  # not tracing: nothing is recorded, and nothing can be attributed
        yield rec
        return
    saved = state.rec, state.paused
    state.rec, state.paused = rec, False
    try:
        yield rec
    finally:
        state.rec, state.paused = saved


def unattributed() -> int:
    """How many reads of the innermost `tracing()` block so far no recording saw (0 outside one)."""
    state = _state.get()
    return 0 if state is None else state.unattributed


def current() -> Recording | None:
    state = _state.get()
    return None if state is None or state.paused else state.rec


@contextmanager
def paused() -> Iterator[None]:
    """Reads inside the block are not recorded (the cache computing digests of what a page read)."""
    state = _state.get()
    if state is None:
        yield
        return
    saved = state.paused
    state.paused = True
    try:
        yield
    finally:
        state.paused = saved
