"""The example site that the machine-output tests (test_outputs_*.py) read, and the schemas they use.

This module holds no tests: the others import it as `tests.unit.test_outputs_site`, so that the
site is built once per test session.

Built once per test session by the real command line, with an absolute base URL and a fixed
SOURCE_DATE_EPOCH; `build_relative` builds the same content with the relative base_url "/".
A session and a news item are titled `<script>alert(1)</script> & "quotes"`: every format must
carry that text through intact and inert.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import shutil
import tempfile
from pathlib import Path

from tests.conftest import PROJECT, run_cli, write_files

BASE = "https://example.org/ccc/"
XSS = '<script>alert(1)</script> & "quotes"'
EPOCH = 1764806400  # 2025-12-04T00:00:00Z
EPOCH_DT = dt.datetime(2025, 12, 4, tzinfo=dt.UTC)
EVENT_KEY = "acara-uji-2025-20251211"
WIB = dt.timezone(dt.timedelta(hours=7))

SITE_YAML = """\
title: {id: Acara Uji 2025, en: Test Event 2025}
base_url: /
languages: [id, en]
event:
  name: Acara Uji 2025
  tagline: {id: Forum uji coba, en: A test forum}
  description: {id: Forum nasional untuk menguji keluaran mesin., en: A national forum to test machine outputs.}
  start: 2025-12-11
  end: 2025-12-12
  timezone: Asia/Jakarta
  timezone_label: WIB
  venue:
    name: Gedung Uji
    building: Menara Uji
    address: {street: Jl. M.H. Thamrin 9, locality: Jakarta, region: DKI Jakarta, postal_code: "10230", country: ID}
    coordinates: {lat: -6.1935, lon: 106.8227}
  organizer:
    name: {id: Direktorat Uji, en: Directorate of Testing}
    url: https://example.org/direktorat/
  host:
    name: {id: Kementerian Uji, en: Ministry of Testing}
rooms:
  - {id: ballroom, name: {id: Ruang Utama, en: Main Hall}}
  - {id: studio, name: {id: Studio, en: Studio}}
tracks:
  - {id: kebijakan, name: {id: Kebijakan, en: Policy}, color: "#8a3b12"}
subsectors:
  - {id: kriya, name: {id: Kriya, en: Crafts}}
region_categories:
  - {id: network, name: Network, fields: [{id: music, name: {id: Musik, en: Music}}]}
navigation:
  - section: agenda
"""

FILES: dict[str, str | bytes] = {
    "content/cities/kota-ambon.md": """\
        ---
        name: Kota Ambon
        type: kota
        province: Maluku
        coordinates: {lat: -3.6954, lon: 128.1814}
        categories: [{id: network, field: music, year: 2019}]
        summary: Kota musik di Maluku.
        ---
        Ambon.
        """,
    "content/speakers/ani-wijaya.md": """\
        ---
        name: Ani Wijaya
        role: Direktur Uji
        organisation: Kementerian Uji
        featured: true
        links: [{label: Web, url: "https://example.org/ani"}]
        city: kota-ambon
        ---
        Ani memimpin uji coba.
        """,
    "content/speakers/ani-wijaya.en.md": """\
        ---
        role: Director of Testing
        organisation: Ministry of Testing
        ---
        Ani leads the tests.
        """,
    "content/speakers/perwakilan-ambon.md": """\
        ---
        name: Perwakilan Pemerintah Kota Ambon
        type: role
        organisation: Pemerintah Kota Ambon
        city: kota-ambon
        ---
        Delegasi kota.
        """,
    "content/sessions/pembukaan.md": """\
        ---
        title: Pembukaan Forum
        summary: Menteri membuka forum.
        start: 2025-12-11 09:00
        end: 2025-12-11 10:00
        room: ballroom
        track: kebijakan
        kind: keynote
        speakers: [ani-wijaya]
        ---
        Sambutan pembukaan.
        """,
    "content/sessions/pembukaan.en.md": """\
        ---
        title: Opening of the Forum
        summary: The minister opens the forum.
        ---
        Opening remarks.
        """,
    "content/sessions/uji-xss.md": f"""\
        ---
        title: '{XSS}'
        summary: '{XSS} summary'
        start: 2025-12-12 13:00
        end: 2025-12-12 14:30
        room: studio
        kind: workshop
        speakers: [perwakilan-ambon]
        ---
        Body {XSS}.
        """,
    "content/news/kabar-pertama.md": """\
        ---
        title: Kabar pertama
        date: 2025-11-20
        summary: Pendaftaran dibuka.
        sessions: [pembukaan]
        cities: [kota-ambon]
        ---
        Isi kabar.
        """,
    "content/news/kabar-xss.md": f"""\
        ---
        title: '{XSS}'
        date: 2025-12-01
        summary: '{XSS} summary'
        ---
        Body {XSS}.
        """,
}

SESSIONS = ("pembukaan", "uji-xss")
SPEAKERS = ("ani-wijaya", "perwakilan-ambon")

_work = Path(tempfile.mkdtemp(prefix="handbill-outputs-"))
atexit.register(shutil.rmtree, _work, True)


def make_example(name: str) -> Path:
    root = _work / name
    write_files(root, {"site.yaml": SITE_YAML, **FILES})
    return root


@functools.cache
def build_absolute() -> Path:
    """The example site built with --base-url https://example.org/ccc/ (once per test session)."""
    root = make_example("absolute")
    out = _work / "absolute-out"
    result = run_cli("build", "--root", root, "--out", out, "--base-url", BASE, env={"SOURCE_DATE_EPOCH": str(EPOCH)})
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@functools.cache
def build_relative() -> Path:
    """The same content with site.yaml's relative base_url '/'."""
    root = make_example("relative")
    out = _work / "relative-out"
    result = run_cli("build", "--root", root, "--out", out, env={"SOURCE_DATE_EPOCH": str(EPOCH)})
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def schemas_dir() -> Path:
    """tests/schemas: the C3VOC and sitemaps.org schemas, vendored with their licences (README.md there)."""
    return PROJECT / "tests" / "schemas"
