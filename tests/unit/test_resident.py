"""What the preview keeps in memory between its builds (incremental/compiled.py, incremental/resident.py):
compiled templates and decoded cache files.  Each is used only where it gives what a fresh process
would; the differential harness (tests/incremental) checks the whole preview against clean builds."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from pathlib import Path

import jinja2
import jinja2.ext
import jinja2.nodes
import jinja2.parser
import pytest

from handbill.incremental import cache, compiled, racy, resident, yamlcache
from handbill.incremental.compiled import MemoEnvironment
from handbill.pipeline import Options, build
from tests.conftest import preview_from_scratch, tree_bytes

SITE = {
    "content/pages/satu.md": "---\ntitle: Satu\nmenu: 1\n---\nIsi satu. [dua](dua.md)\n",
    "content/pages/dua.md": "---\ntitle: Dua\n---\nIsi dua.\n",
    "content/news/kabar.md": "---\ntitle: Kabar\ndate: 2025-12-01\n---\nIsi kabar.\n",
}


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1765000000")
    monkeypatch.delenv("HANDBILL_CACHE", raising=False)
    compiled.forget()
    resident.forget()
    yield
    resident.forget()


# --- compiled templates ----------------------------------------------------------------------------


def _render(env: jinja2.Environment, name: str) -> str:
    return env.get_template(name).render()


def _env(templates: dict[str, str], **filters: object) -> MemoEnvironment:
    env = MemoEnvironment(loader=jinja2.DictLoader(templates), autoescape=True)
    env.filters.update(filters)
    return env


def test_a_template_is_compiled_once_per_process() -> None:
    templates = {"a.html": "{% for i in range(3) %}{{ i|t }}{% endfor %}"}

    @jinja2.pass_context
    def t(_ctx: object, value: int) -> str:
        return str(value * 2)

    before = dict(compiled.stats)
    assert _render(_env(templates, t=t), "a.html") == "024"
    assert _render(_env(templates, t=t), "a.html") == "024"  # a new environment, as every build makes
    assert compiled.stats["misses"] - before["misses"] == 1
    assert compiled.stats["hits"] - before["hits"] == 1


def test_a_filter_jinja_could_fold_is_never_taken_from_another_build() -> None:
    """Jinja computes `"x"|f` at compile time when f does not take the context: the code made with one
    build's f must not answer for the next build's."""
    templates = {"a.html": '{{ "css/site.css"|f }}'}
    assert _render(_env(templates, f=lambda path: path + "?v=1"), "a.html") == "css/site.css?v=1"
    assert _render(_env(templates, f=lambda path: path + "?v=2"), "a.html") == "css/site.css?v=2"


def test_settings_and_filters_are_part_of_the_key() -> None:
    source = {"a.html": "{% if true %}\n  x\n{% endif %}\n{{ 1|t }}"}

    @jinja2.pass_context
    def t(_ctx: object, value: int) -> str:
        return "ctx"

    plain = MemoEnvironment(loader=jinja2.DictLoader(source))
    plain.filters["t"] = t
    trimmed = MemoEnvironment(loader=jinja2.DictLoader(source), trim_blocks=True, lstrip_blocks=True)
    trimmed.filters["t"] = t
    assert _render(plain, "a.html") == "\n  x\n\nctx"
    assert _render(trimmed, "a.html") == "  x\nctx"
    # A filter of Jinja's own replaced by one that takes the context: called as it now must be.
    builtin = {"b.html": "{{ v|upper }}"}
    assert MemoEnvironment(loader=jinja2.DictLoader(builtin)).get_template("b.html").render(v="a") == "A"
    own = MemoEnvironment(loader=jinja2.DictLoader(builtin))
    own.filters["upper"] = jinja2.pass_context(lambda _ctx, value: "ctx:" + value)
    assert own.get_template("b.html").render(v="a") == "ctx:a"
    # The same name, now a filter Jinja may fold: compiled afresh, and called as it now must be.
    folded = MemoEnvironment(loader=jinja2.DictLoader(source))
    folded.filters["t"] = lambda value: "plain"
    assert _render(folded, "a.html") == "\n  x\n\nplain"


def test_a_template_with_an_error_is_reported_every_time() -> None:
    templates = {"a.html": "{% if %}"}
    for _ in range(2):
        with pytest.raises(jinja2.TemplateSyntaxError):
            _render(_env(templates), "a.html")


# --- decoded cache files -----------------------------------------------------------------------------


def _site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(Path(__file__).parent.parent / "golden" / "small-site" / "site", root)
    return root


def _preview(root: Path) -> list[str]:
    result = build(root, Options(out=root / "_preview", drafts=True, in_place=True))
    assert result.ok, [p.format() for p in result.problems]
    return [p.format() for p in result.problems]


def _count(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    calls = {"manifest": 0, "frontmatter": 0}
    manifest_from_json = cache.manifest_from_json
    parse_json = yamlcache.parse_json

    def count_manifest(raw: dict[str, object]) -> cache.Manifest:
        calls["manifest"] += 1
        return manifest_from_json(raw)

    def count_frontmatter(path: Path, raw: bytes) -> object:
        calls["frontmatter"] += 1
        return parse_json(path, raw)

    monkeypatch.setattr(cache, "manifest_from_json", count_manifest)
    monkeypatch.setattr(yamlcache, "parse_json", count_frontmatter)
    return calls


def test_the_preview_decodes_no_cache_file_it_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _site(tmp_path)
    calls = _count(monkeypatch)
    _preview(root)
    page = next((root / "content" / "pages").glob("*.md"))
    for text in ("\nDiubah.\n", "\nDiubah lagi.\n"):
        page.write_text(page.read_text(encoding="utf-8") + text, encoding="utf-8")
        _preview(root)
        assert tree_bytes(root / "_preview") == preview_from_scratch(root, tmp_path)
    assert calls == {"manifest": 0, "frontmatter": 0}
    # Another process (or a fresh preview) reads the same files from their bytes.
    resident.forget()
    _preview(root)
    assert calls == {"manifest": 1, "frontmatter": 1}


def test_a_cache_file_changed_on_disk_is_read_from_disk(tmp_path: Path) -> None:
    root = _site(tmp_path)
    _preview(root)
    manifest = next((root / ".handbill-cache").glob("pages-*.json"))
    front = root / ".handbill-cache" / "frontmatter.json"
    manifest.write_bytes(b"{not json")
    front.write_bytes(b"[]")
    problems = _preview(root)
    assert sum("cache" in p.lower() for p in problems) == 2, problems  # as a fresh process reports them
    assert tree_bytes(root / "_preview") == preview_from_scratch(root, tmp_path)
    manifest.unlink()
    _preview(root)  # nothing to reuse: every page made again, still exactly
    assert tree_bytes(root / "_preview") == preview_from_scratch(root, tmp_path)


def test_a_kept_manifest_is_never_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page reused by the next build is recorded there as a copy: the new manifest's `save` sets its
    size, time and (for a page close to that build's end) digest, and the old manifest object must
    stay what its file's bytes say."""
    root = _site(tmp_path)
    with monkeypatch.context() as m:
        m.setattr(racy, "FINE_RACY_NS", 0)  # no page of the first build is suspect: none has a digest
        _preview(root)
    manifest = next((root / ".handbill-cache").glob("pages-*.json"))
    data = manifest.read_bytes()
    kept = resident.recall(manifest, data)
    assert isinstance(kept, cache.Manifest)
    snapshot = copy.deepcopy(kept)
    page = root / "content" / "booths" / "contoh.md"  # most pages do not show it: they are reused
    page.write_text(page.read_text(encoding="utf-8") + "\nDiubah.\n", encoding="utf-8")
    monkeypatch.setattr(racy, "FINE_RACY_NS", 10**12)  # every page suspect: `save` gives each a digest
    _preview(root)
    after = resident.recall(manifest, manifest.read_bytes())
    assert isinstance(after, cache.Manifest)
    assert sum(1 for rec in after.pages.values() if rec.digest) == len(after.pages)
    assert kept == snapshot
    assert kept == cache.manifest_from_json(cache.parse_json(manifest, data))


def test_front_matter_is_decoded_once_and_again_when_its_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview answers an unchanged file's front matter with what it decoded last time; entries
    read from a front-matter file that changed on disk are decoded again, as a fresh process would."""
    root = _site(tmp_path)
    _preview(root)  # parsed and stored
    _preview(root)  # decoded from the stored entries
    decoded = 0
    decode_result = yamlcache.decode_result

    def count(raw: object) -> object:
        nonlocal decoded
        decoded += 1
        return decode_result(raw)

    monkeypatch.setattr(yamlcache, "decode_result", count)
    _preview(root)
    assert decoded == 0
    # The same entry, another name: a cache file written by someone else (it is untrusted input; what
    # counts here is that this process reads what the file now says, not what it decoded before).
    front = root / ".handbill-cache" / "frontmatter.json"
    front.write_text(front.read_text(encoding="utf-8").replace("Booth Kota Contoh", "Booth Lain"), encoding="utf-8")
    result = build(root, Options(out=root / "_preview", drafts=True, in_place=True))
    assert decoded > 0
    assert result.sites["id"].booths["contoh"].name == "Booth Lain"


def test_an_environment_with_an_extension_compiles_afresh() -> None:
    """An extension's parser is code of its own (it may read a build's data): no memo then."""

    class Stamp(jinja2.ext.Extension):
        tags = {"stamp"}
        value = "1"

        def parse(self, parser: jinja2.parser.Parser) -> jinja2.nodes.Node:
            lineno = next(parser.stream).lineno
            return jinja2.nodes.Output([jinja2.nodes.Const(self.value)], lineno=lineno)

    templates = {"a.html": "{% stamp %}"}
    first = MemoEnvironment(loader=jinja2.DictLoader(templates), extensions=[Stamp])
    assert first.get_template("a.html").render() == "1"
    Stamp.value = "2"
    second = MemoEnvironment(loader=jinja2.DictLoader(templates), extensions=[Stamp])
    assert second.get_template("a.html").render() == "2"
