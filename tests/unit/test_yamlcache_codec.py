"""The front-matter cache's decoder (incremental/yamlcache.py) is written for speed; it must accept and
reject exactly what the plain, obviously right decoder below does, over arbitrary JSON data: what it
reads back is untrusted (INVARIANTS.md rule 7), so a shape the plain one refuses must not slip through."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbill.incremental.yamlcache import decode_result, encode_result
from handbill.yamlsafe import Pos, YamlResult, parse_yaml

CAUGHT = (ValueError, TypeError, OverflowError, RecursionError)  # what YamlCache.parse treats as damaged


# --- the reference: the straightforward decoder this module had before it was made faster -------------


def ref_dec(raw: Any) -> Any:
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
        return [ref_dec(v) for v in value]
    if tag == "m" and isinstance(value, list):
        out = {}
        for pair in value:
            if not isinstance(pair, list) or len(pair) != 2:
                raise ValueError("not a pair")
            out[ref_dec(pair[0])] = ref_dec(pair[1])
        return out
    raise ValueError("not a value")


def ref_decode(raw: Any) -> YamlResult:
    if not isinstance(raw, list) or len(raw) != 2 or not isinstance(raw[1], list):
        raise ValueError("not a result")
    positions = {}
    for item in raw[1]:
        if not isinstance(item, list) or len(item) != 7 or not isinstance(item[0], list):
            raise ValueError("not a position")
        path = tuple(ref_dec(k) for k in item[0])
        line, col, text, plain, vline, vcol = item[1:]
        if not all(isinstance(k, str | int) and not isinstance(k, bool) for k in path):
            raise ValueError("not a path")
        if (
            not all(type(n) is int for n in (line, col, vline, vcol))
            or not isinstance(text, str)
            or type(plain) is not bool
        ):
            raise ValueError("not a position")
        positions[path] = Pos(line, col, text, plain, vline, vcol)
    return YamlResult(ref_dec(raw[0]), positions, [])


def typed(value: Any) -> Any:
    """A value with its types spelled out, so that 1, 1.0 and True compare apart."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [typed(v) for v in value])
    if isinstance(value, float) and value != value:
        return ("float", "nan")
    return (type(value).__name__, value)


def outcome(decode: Any, raw: Any) -> Any:
    try:
        found = decode(raw)
    except CAUGHT:
        return "damaged"
    return (typed(found.data), [(typed(path), typed(dataclasses.astuple(pos))) for path, pos in found.positions.items()])


# --- arbitrary data, biased towards the shapes the cache stores ---------------------------------------

TAGS = st.sampled_from(["n", "b", "i", "f", "s", "t", "d", "l", "m", "x", ""])
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(["12", "-3", "1.5", "inf", "2025-12-11", "2025-12-11T09:00:00", "x", "0x1"]),
)


def tagged(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.tuples(TAGS).map(list),
        st.tuples(TAGS, st.one_of(SCALARS, children)).map(list),
        st.tuples(st.just("m"), st.lists(st.lists(children, min_size=1, max_size=3), max_size=3)).map(list),
        st.tuples(TAGS, SCALARS, SCALARS).map(list),
    )


VALUES = st.recursive(st.one_of(SCALARS, st.tuples(TAGS, SCALARS).map(list)), tagged, max_leaves=12)
INTS = st.one_of(st.integers(0, 50), st.booleans(), st.text(max_size=2))
POSITION = st.tuples(
    st.lists(VALUES, max_size=3), INTS, INTS, st.one_of(st.text(max_size=4), st.integers()), st.one_of(st.booleans(), st.integers(0, 1)), INTS, INTS
).map(list)
RESULTS = st.one_of(
    st.tuples(VALUES, st.lists(st.one_of(POSITION, VALUES), max_size=4)).map(list),
    VALUES,
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RESULTS)
def test_the_fast_decoder_answers_as_the_plain_one(raw: Any) -> None:
    raw = json.loads(json.dumps(raw))  # what the cache file gives back: JSON's own types
    assert outcome(decode_result, raw) == outcome(ref_decode, raw)


def test_every_parse_survives_the_round_trip() -> None:
    text = (
        "title: 'Ekraf: Masa Depan'\nstart: 2025-12-11 09:00\nday: 2025-12-12\nn: 3\nx: 1.5\nok: true\n"
        "none:\ntags: [a, b, {c: [1, 2]}]\nnested:\n  deep:\n    - {k: v}\n"
    )
    result = parse_yaml(text, 1)
    raw = json.loads(json.dumps(encode_result(result)))
    assert outcome(decode_result, raw) == outcome(ref_decode, raw) != "damaged"
    assert decode_result(raw).data == result.data and decode_result(raw).positions == result.positions


SAMPLES: list[Any] = [None, True, False, 0, 7, 1.5, "", "x", "12", "1.5", "2025-12-11", "2025-12-11T09:00:00", [], [["s", "a"]], [["s", "k"], ["i", "1"]], {}]


def test_every_tag_with_every_kind_of_value() -> None:
    """The whole grid, not a sample: each tag with each kind of value, as data and as a path key, and
    each field of a position with each kind of value."""
    shapes = [[tag] for tag in ["n", "b", "i", "f", "s", "t", "d", "l", "m", "x", "", 1]]
    shapes += [[tag, value] for tag in ["n", "b", "i", "f", "s", "t", "d", "l", "m", "x", 1] for value in SAMPLES]
    shapes += [["s", "a", "b"], [], "s", None, {"s": "a"}]
    good = [["s", "title"], 1, 2, "x", True, 0, 0]
    for shape in shapes:
        for raw in ([shape, []], [["n"], [[[shape], 1, 2, "x", True, 0, 0]]]):
            raw = json.loads(json.dumps(raw))
            assert outcome(decode_result, raw) == outcome(ref_decode, raw), raw
    for field in range(1, 7):
        for value in SAMPLES:
            item = [[["s", "title"]], *good[1:]]
            item[field] = value
            raw = json.loads(json.dumps([["n"], [item]]))
            assert outcome(decode_result, raw) == outcome(ref_decode, raw), raw
