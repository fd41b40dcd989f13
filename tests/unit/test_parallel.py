"""Pages rendered in worker processes give byte-identical output and the same problem report as
rendering them in one process."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from handbill.pipeline import Options, build
from handbill.problems import format_report
from tests.conftest import tree_bytes


def pages(n: int) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        f"content/pages/p{i:03d}.md": f"---\ntitle: Halaman {i}\n---\n# Judul {i}\n\n[ke p0](p000.md) *teks* {i}.\n"
        for i in range(n)
    }
    return files


def run(root: Path, jobs: str, out: str, monkeypatch: pytest.MonkeyPatch) -> tuple[bool, str, dict[str, bytes]]:
    monkeypatch.setenv("HANDBILL_JOBS", jobs)
    monkeypatch.setenv("HANDBILL_CACHE", "0")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765000000")
    result = build(root, Options(out=root / out))
    tree = tree_bytes(root / out) if result.ok else {}
    return result.ok, format_report(result.problems), tree


def test_parallel_output_is_byte_identical(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site(pages(60))
    serial = run(root, "1", "_serial", monkeypatch)
    parallel = run(root, "2", "_parallel", monkeypatch)
    assert serial[0] and parallel[0]
    assert serial == parallel


def test_parallel_error_report_is_identical(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    files = pages(40)
    for i in (3, 17, 31):
        files[f"content/pages/p{i:03d}.md"] = (
            f"---\ntitle: Rusak {i}\n---\nLink [hilang](../pages/tidak-ada-{i}.md) dan [js](javascript:x).\n"
        )
    root = make_site(files)
    serial = run(root, "1", "_serial", monkeypatch)
    parallel = run(root, "2", "_parallel", monkeypatch)
    assert not serial[0]
    assert "content/pages/p017.md:4" in serial[1]
    assert serial[1] == parallel[1]


def test_template_error_in_workers_reported_once(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    files = pages(40)
    files["templates/page.html"] = '{% extends "base.html" %}{% block main %}{{ page.no_such_field }}{% endblock %}'
    root = make_site(files)
    serial = run(root, "1", "_serial", monkeypatch)
    parallel = run(root, "2", "_parallel", monkeypatch)
    assert not serial[0]
    assert serial[1] == parallel[1]
    assert serial[1].count("no_such_field") == 1


def test_failed_parallel_build_leaves_previous_output_and_no_temporary_folder(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers write pages straight into the temporary folder: when one page fails after others were
    written, that folder goes and the previous output stays byte for byte."""
    root = make_site(pages(60))
    ok, _, before = run(root, "2", "_site", monkeypatch)
    assert ok and len(before) > 60
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates/page.html").write_text(
        '{% extends "base.html" %}{% block main %}{{ page.title }}'
        "{% if page.title == 'Halaman 57' %}{{ page.no_such_field }}{% endif %}{% endblock %}"
    )
    ok, report, _ = run(root, "2", "_site", monkeypatch)
    assert not ok and "no_such_field" in report
    assert tree_bytes(root / "_site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("._site")) == []
