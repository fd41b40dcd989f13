"""Contract groups 1 and 2: YAML is data, never code; YAML 1.1 surprises are errors."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from handbill.yamlsafe import MAX_DEPTH, parse_yaml


def errors(text: str) -> list[str]:
    return [message for _line, _col, message, _hint in parse_yaml(text).errors]


def test_plain_mapping_with_positions() -> None:
    result = parse_yaml("title: Halo\nspeakers: [a, b]\nnested:\n  x: 1\n", line_offset=1)
    assert result.errors == []
    assert result.data == {"title": "Halo", "speakers": ["a", "b"], "nested": {"x": 1}}
    assert result.positions[("title",)].line == 2
    assert result.positions[("speakers", 1)].line == 3
    assert (result.positions[("speakers", 1)].col) == 15
    assert result.positions[("nested", "x")].line == 5


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo pwned']",
        "a: !!python/name:os.system",
        "a: !custom 1",
    ],
)
def test_python_and_unknown_tags_fail(text: str) -> None:
    assert any("tag" in e and "not allowed" in e for e in errors(text))


def test_billion_laughs_fails_fast_with_bounded_memory() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    prev = "a"
    for name in "bcdefghijklmnop":
        bomb += f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        prev = name
    tracemalloc.start()
    started = time.perf_counter()
    result = parse_yaml(bomb)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.data is None
    assert any("aliases" in m for _l, _c, m, _h in result.errors)
    assert peak < 5_000_000
    assert elapsed < 2


@pytest.mark.parametrize(
    "text", ["a: " + "[" * 5000 + "]" * 5000, "x:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 300))]
)
def test_absurd_nesting_fails_cleanly(text: str) -> None:
    result = parse_yaml(text)
    assert result.data is None or result.errors
    assert any("nested" in m or "invalid YAML" in m for _l, _c, m, _h in result.errors)


def test_nesting_just_under_the_limit_is_fine() -> None:
    depth = MAX_DEPTH - 2
    text = "a: " + "[" * depth + "1" + "]" * depth
    assert parse_yaml(text).errors == []


def test_huge_front_matter_is_refused_before_parsing() -> None:
    result = parse_yaml("a: " + "x" * 600_000)
    assert result.errors and "too large" in result.errors[0][2]


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("booth: 017", "017"),
        ("duration: 1:30", "1:30"),
        ("n: 0x1F", "0x1F"),
        ("n: 0b101", "0b101"),
        ("n: 190:20:30", "190:20:30"),
        ("x: 1_0.5", "1_0.5"),
    ],
)
def test_yaml11_number_surprises_are_errors_with_quote_hint(text: str, raw: str) -> None:
    result = parse_yaml(text)
    assert len(result.errors) == 1
    _line, _col, message, hint = result.errors[0]
    assert f"YAML reads '{raw}' as the number" in message
    assert f'"{raw}"' in hint


def test_plain_numbers_are_not_surprises() -> None:
    assert parse_yaml("a: 17\nb: -3\nc: 1.5\nd: 1_000\ne: '017'").errors == []


def test_invalid_date_is_an_error_not_a_crash() -> None:
    result = parse_yaml("date: 2025-13-45", line_offset=1)
    assert result.errors[0][:2] == (2, 7)
    assert "not a valid value" in result.errors[0][2]


def test_duplicate_keys_fail_naming_both_lines() -> None:
    result = parse_yaml("title: A\nroom: x\ntitle: B\n", line_offset=1)
    assert result.errors == [(4, 1, "field 'title' is set twice (first set on line 2)", "keep one of them")]


def test_more_than_one_document_fails() -> None:
    assert any("more than one YAML document" in e for e in errors("a: 1\n---\nb: 2\n"))


def test_merge_keys_and_non_text_keys_fail() -> None:
    assert any("merge keys" in e for e in errors("<<: {a: 1}\nb: 2"))
    assert any("is not text" in e for e in errors("1: a\n"))
    assert any("is not text" in e for e in errors("yes: a\n"))


def test_syntax_error_points_at_line() -> None:
    result = parse_yaml("title: ok\nspeakers: [a, b\nroom: x\n", line_offset=1)
    assert result.data is None
    assert result.errors[0][:2] == (3, 11)  # at the '[' that is never closed
    assert result.errors[0][2] == "the bracket opened here is never closed"


def test_empty_document_is_an_empty_mapping() -> None:
    assert parse_yaml("").data == {}
    assert parse_yaml("# only a comment\n").data == {}
