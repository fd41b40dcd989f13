"""Templates compiled once per process, not once per build.

The preview builds again after every save in the same process, with a new Jinja environment each time
(its filters close over that build's data).  Parsing the templates and generating their Python code
was ~0.13 s of a 4,000-page preview rebuild, for the same template texts every time.  Here the code
object Jinja makes from a template's text is kept in memory, never on disk (INVARIANTS.md rule 7: no
bytecode in the cache).

What Jinja's compiled code depends on, besides the text, is in the key: the environment's syntax and
code-generation settings, and every filter's and test's name and how it is called (the code generator
checks that a filter exists and passes it the context or not).  One thing is not a setting: Jinja folds
a filter applied to constants at compile time (`{{ "css/site.css"|asset }}` becomes the fingerprinted
address, `nodes.Filter.as_const`), and a build's filters answer from that build's data.  So a template
is compiled from the memo only when every filter and test is either Jinja's own (pure) or takes the
context (never folded); otherwise it is compiled afresh, as before.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from types import CodeType
from typing import Any

import jinja2
from jinja2.filters import FILTERS
from jinja2.tests import TESTS
from jinja2.utils import _PassArg

#: Code objects by key; a bound so that a long preview session over changing templates stays small.
LIMIT = 256
_memo: OrderedDict[tuple[Any, ...], CodeType] = OrderedDict()
_lock = threading.Lock()  # the preview's builds and its watcher are threads
#: How many compiles the memo answered and how many it did not: for tests.
stats = {"hits": 0, "misses": 0}


def _calls(table: Mapping[str, Any], builtin: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """Each name with how it is called, or None when one of them could be folded with a build's data."""
    out = []
    for name, func in sorted(table.items()):
        arg = _PassArg.from_obj(func)
        if arg is not _PassArg.context and builtin.get(name) is not func:
            return None
        out.append((name, arg.name if arg is not None else ""))
    return tuple(out)


def _settings(env: jinja2.Environment) -> tuple[Any, ...] | None:
    filters = _calls(env.filters, FILTERS)
    tests = _calls(env.tests, TESTS)
    if filters is None or tests is None or callable(env.autoescape) or env.finalize is not None or env.extensions:
        return None  # an extension parses with code of its own, which may read a build's data
    return (
        type(env),
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.autoescape,
        env.optimized,
        env.is_async,
        env.undefined,
        env.code_generator_class,
        env.context_class,
        repr(sorted(env.policies.items())),
        filters,
        tests,
    )


class MemoEnvironment(jinja2.Environment):
    """A Jinja environment whose compiled templates outlive it, in this process (see the module's text)."""

    def compile(
        self,
        source: Any,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        base: Callable[..., Any] = super().compile
        settings = _settings(self) if isinstance(source, str) and not raw else None
        if settings is None:
            return base(source, name, filename, raw, defer_init)
        key = (source, name, filename, defer_init, settings)
        with _lock:
            found = _memo.get(key)
            if found is not None:
                _memo.move_to_end(key)
                stats["hits"] += 1
                return found
        code = base(source, name, filename, raw, defer_init)
        if isinstance(code, CodeType):
            with _lock:
                stats["misses"] += 1
                _memo[key] = code
                while len(_memo) > LIMIT:
                    _memo.popitem(last=False)
        return code


def forget() -> None:
    """Empty the memo (tests)."""
    with _lock:
        _memo.clear()
