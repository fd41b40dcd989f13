"""An untranslated entry shows the Indonesian text with lang="id" and a note in the page's language."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import build_site

SITE = """\
title: {id: Acara Uji, en: Test Event}
base_url: /
languages: [id, en]
event:
  name: Acara Uji
  start: 2025-12-11
  end: 2025-12-12
  timezone: Asia/Jakarta
  venue: {name: Gedung Uji}
rooms:
  - {id: ballroom, name: {id: Ballroom, en: Ballroom}}
tracks:
  - {id: kebijakan, name: {id: Kebijakan, en: Policy}, color: "#8a3b12"}
notice: {id: Agenda ilustratif., en: Illustrative agenda.}
navigation:
  - section: agenda
"""
SESSION = """\
---
title: Sesi tanpa terjemahan
start: 2025-12-11 09:00
end: 2025-12-11 10:00
room: ballroom
track: kebijakan
kind: talk
---
Isi sesi dalam Bahasa Indonesia.
"""


def test_untranslated_session_is_marked(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "content" / "sessions").mkdir(parents=True)
    (root / "site.yaml").write_text(SITE, encoding="utf-8")
    (root / "content" / "sessions" / "sesi.md").write_text(SESSION, encoding="utf-8")
    out = build_site(tmp_path / "out", "1765584000", "--root", str(root))
    english = (out / "en" / "agenda" / "sesi" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="fallback" lang="en">This text has not been translated', english)
    assert re.search(r'<h1 lang="id">Sesi tanpa terjemahan</h1>', english)
    assert re.search(r'<div class="prose" lang="id">', english)
    agenda = (out / "en" / "agenda" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="/en/agenda/sesi/" lang="id">Sesi tanpa terjemahan</a>', agenda)
    indonesian = (out / "agenda" / "sesi" / "index.html").read_text(encoding="utf-8")
    assert 'class="fallback"' not in indonesian and "<h1>Sesi tanpa terjemahan</h1>" in indonesian
