"""Room, track and region-group names without the page's language (WCAG 2.2 SC 3.1.2, Language of Parts).

site.yaml writes them per language (`{id: Ruang Utama, en: Main hall}`); one without the page's
language shows the default language's, which the page must mark with its own `lang`, as any other
site.yaml text standing in (tests/unit/test_text_fallback_lang.py).  They become plain strings when the
sites are resolved (validate.py), so their language travels beside them (`name_lang`, "" when it is
the page's): on the element that holds exactly the name (`<option>`, `<dd>`, a tag), else in a
`<span lang>`.  Names that have the page's language get nothing; attributes and machine outputs
(schedule.json, schedule.xml, .ics) stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from handbill.pipeline import BuildResult, Options, build
from tests.conftest import session_md

ROOM_ID = "Ruang Utama"  # the ballroom: Indonesian only
TRACK_ID = "Kebijakan"  # Indonesian only
GROUP_ID = "Jaringan Kota Kreatif"  # Indonesian only, as its intro, its label and its field 'desain'
INTRO_ID = "Anggota jaringan dari Indonesia."

# Every other text has both languages, so the stand-ins above are the only Indonesian on English pages.
SITE_YAML = f"""\
title: {{id: Acara Uji, en: Test Event}}
base_url: /
languages: [id, en]
event:
  name: Acara Uji
  description: {{id: Acara uji untuk handbill., en: A test event for handbill.}}
  start: 2025-12-11
  end: 2025-12-12
  timezone: Asia/Jakarta
  timezone_label: WIB
  venue:
    name: Gedung Uji
rooms:
  - {{id: ballroom, name: {{id: {ROOM_ID}}}}}
  - {{id: studio, name: {{id: Studio Kecil, en: Small studio}}}}
tracks:
  - {{id: kebijakan, name: {{id: {TRACK_ID}}}, color: "#8a3b12"}}
  - {{id: jejaring, name: {{id: Jejaring, en: Networks}}, color: "#1f5f8b"}}
region_categories:
  - id: jaringan
    name: {{id: {GROUP_ID}}}
    intro: {{id: {INTRO_ID}}}
    label: {{id: "Anggota bidang {{field}} ({{year}})"}}
    fields:
      - {{id: desain, name: {{id: Desain}}}}
      - {{id: musik, name: {{id: Musik, en: Music}}}}
  - id: tetap
    name: {{id: Ditetapkan, en: Designated}}
    intro: {{id: Ditetapkan kemudian., en: Designated later.}}
navigation:
  - section: agenda
  - section: cities
"""


def city(name: str, categories: str, coordinates: str = "") -> str:
    return f"---\nname: {name}\ntype: kota\nprovince: Contoh\ncategories: {categories}\n{coordinates}---\n"


FILES = {
    "content/sessions/pembukaan.md": session_md("pembukaan", extra="track: kebijakan\n"),
    "content/sessions/diskusi.md": session_md("diskusi", room="studio", extra="track: jejaring\n"),
    "content/cities/kota-a.md": city(
        "Kota A", "[{id: jaringan, field: desain, year: 2015}]", "coordinates: {lat: -6.2, lon: 106.817}\n"
    ),
    "content/cities/kota-b.md": city("Kota B", "[tetap]", "coordinates: {lat: -7.8, lon: 110.36}\n"),
    "content/cities/kota-c.md": city("Kota C", "[jaringan]"),  # no field or year: its label is the name
}


SESSION = "en/agenda/pembukaan/index.html"
REGIONS = "en/regions/index.html"

# The same site with every name, intro, label and field translated: the pages a site without stand-ins makes.
FULL_YAML = (
    SITE_YAML.replace(f"{{id: {ROOM_ID}}}", f"{{id: {ROOM_ID}, en: Main hall}}")
    .replace(f"{{id: {TRACK_ID}}}", f"{{id: {TRACK_ID}, en: Policy}}")
    .replace(f"{{id: {GROUP_ID}}}", f"{{id: {GROUP_ID}, en: Creative Cities Network}}")
    .replace(f"{{id: {INTRO_ID}}}", f"{{id: {INTRO_ID}, en: Members from Indonesia.}}")
    .replace(
        '{id: "Anggota bidang {field} ({year})"}', '{id: "Anggota bidang {field} ({year})", en: "{field} ({year})"}'
    )
    .replace("{id: Desain}", "{id: Desain, en: Design}")
)
TRANSLATED = ("Main hall", "Policy", "Creative Cities Network", "Members from Indonesia.", "Design")


def build_site(tmp_path_factory: pytest.TempPathFactory, site_yaml: str) -> tuple[Path, BuildResult]:
    root = tmp_path_factory.mktemp("names")
    (root / "site.yaml").write_text(site_yaml, encoding="utf-8")
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    result = build(root, Options(out=root / "_site", cache=False))
    assert result.ok, [p.format() for p in result.problems]
    return root / "_site", result


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site, result = build_site(tmp_path_factory, SITE_YAML)
    # The stand-ins are the texts `check` warns about (config.untranslated_texts), each once.
    warned = {p.message.split(" ", 1)[0] for p in result.problems if p.code == "config.text-untranslated"}
    assert warned == {
        "rooms[0].name",
        "tracks[0].name",
        "region_categories[0].name",
        "region_categories[0].intro",
        "region_categories[0].label",
        "region_categories[0].fields[0].name",
    }
    return site


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site, result = build_site(tmp_path_factory, FULL_YAML)
    assert not [p for p in result.problems if p.code == "config.text-untranslated"]
    return site


def test_each_name_knows_the_language_it_is_shown_in(make_site: Callable[..., Path]) -> None:
    # Worked out once per language when the names become plain strings; "" is the page's language.
    result = build(make_site(FILES, site_yaml=SITE_YAML), Options(write=False))
    assert result.ok, [p.format() for p in result.problems]
    en, id_ = result.sites["en"], result.sites["id"]
    assert (en.rooms["ballroom"].name_lang, en.rooms["studio"].name_lang) == ("id", "")
    assert (en.tracks["kebijakan"].name_lang, en.tracks["jejaring"].name_lang) == ("id", "")
    group = en.region_categories["jaringan"]
    assert (group.name_lang, group.intro_lang, group.label_lang, group.field_langs) == (
        "id",
        "id",
        "id",
        {"desain": "id", "musik": ""},
    )
    assert en.region_categories["tetap"].name_lang == ""
    a, c = en.cities["kota-a"].categories[0], en.cities["kota-c"].categories[0]
    assert (a.label, a.label_lang, a.field_lang) == ("Anggota bidang Desain (2015)", "id", "id")
    assert (c.label, c.label_lang) == (GROUP_ID, "id")  # no field or year: the name, in the name's language
    assert not any(x.name_lang for x in [*id_.rooms.values(), *id_.tracks.values(), *id_.region_categories.values()])


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def marks(site: Path, rel: str) -> int:
    """How many lang="id" the page's body has (the language switch has one, untranslated entries theirs)."""
    return page(site, rel).split("<body", 1)[1].count('lang="id"')


def test_the_agenda_marks_the_stand_in_names_and_machine_outputs_keep_them_plain(out: Path, full: Path) -> None:
    en = page(out, "en/agenda/index.html")
    # Filters: an <option> cannot hold a <span>: lang on the option itself.
    assert f'<option value="kebijakan" lang="id">{TRACK_ID}</option>' in en
    assert '<option value="jejaring">Networks</option>' in en
    assert f'<option value="ballroom" lang="id">{ROOM_ID}</option>' in en
    assert '<option value="studio">Small studio</option>' in en
    # The grid's column heads and the track legend hold exactly the name.
    assert f'style="grid-column:2" lang="id">{ROOM_ID}</li>' in en
    assert 'style="grid-column:3">Small studio</li>' in en
    assert f'style="--track:#8a3b12" lang="id"><span class="sw" aria-hidden="true"></span>{TRACK_ID}</li>' in en
    assert 'style="--track:#1f5f8b"><span class="sw" aria-hidden="true"></span>Networks</li>' in en
    # Session cards: the room inside the line of times, the track tag on its own.
    assert f' · <span lang="id">{ROOM_ID}</span></p>' in en
    assert " WIB · Small studio</p>" in en
    assert f'style="--track:#8a3b12" lang="id"><span class="sw" aria-hidden="true"></span>{TRACK_ID}</span>' in en
    assert 'style="--track:#1f5f8b"><span class="sw" aria-hidden="true"></span>Networks</span>' in en
    # Exactly those: two options, a column head, a legend entry, a card's room and its track tag.
    assert marks(out, "en/agenda/index.html") == marks(full, "en/agenda/index.html") + 6

    # The Indonesian agenda shows the same names in its own language: nothing to mark.
    idn = page(out, "agenda/index.html")
    assert f'<option value="ballroom">{ROOM_ID}</option>' in idn
    assert f'<option value="kebijakan">{TRACK_ID}</option>' in idn
    assert marks(out, "agenda/index.html") == marks(full, "agenda/index.html")

    # Machine outputs carry text, not markup: the names as they are, never a <span> or lang.
    for rel in ("en/schedule.json", "en/schedule.xml", "en/agenda.ics"):
        text = page(out, rel)
        assert ROOM_ID in text and "<span" not in text and 'lang="id"' not in text, rel
    schedule = page(out, "en/schedule.json")
    assert f'"room":"{ROOM_ID}"' in schedule and f'"track":"{TRACK_ID}"' in schedule


def test_the_session_page_and_the_home_page_mark_the_stand_in_names(out: Path, full: Path) -> None:
    opening = page(out, SESSION)
    assert f'<dd><span lang="id">{ROOM_ID}</span> · Gedung Uji</dd>' in opening
    assert f'<dd lang="id">{TRACK_ID}</dd>' in opening
    assert f'lang="id"><span class="sw" aria-hidden="true"></span>{TRACK_ID}</span>' in opening  # the header's tag
    assert marks(out, SESSION) == marks(full, SESSION) + 3
    talk = page(out, SESSION.replace("pembukaan", "diskusi"))
    assert "<dd>Small studio · Gedung Uji</dd>" in talk
    assert "<dd>Networks</dd>" in talk
    assert marks(out, SESSION.replace("pembukaan", "diskusi")) == marks(full, SESSION.replace("pembukaan", "diskusi"))

    home = page(out, "en/index.html")
    # Each day's list of sessions (shown while the event runs): the room after the title.
    assert f'<span class="today-room" lang="id">{ROOM_ID}</span>' in home
    assert '<span class="today-room">Small studio</span>' in home
    # The facts count the first group's regions under its name.
    assert f'<strong>2</strong> <span lang="id">{GROUP_ID}</span></li>' in home
    # The regions band names a region's field: a stand-in field in its own language, not the page's.
    assert '<span lang="id">Desain · 2015</span>' in home
    assert '<span lang="en">Design · 2015</span>' in page(full, "en/index.html")
    # The highlights' session cards, as on the agenda.
    assert '<div class="grid cards-sessions">' in home and f' · <span lang="id">{ROOM_ID}</span></p>' in home
    # today-list room, facts, field; and the highlighted card's room and track tag
    assert marks(out, "en/index.html") == marks(full, "en/index.html") + 5


def test_the_regions_pages_mark_the_stand_in_group_texts(out: Path, full: Path) -> None:
    regions = page(out, REGIONS)
    # The filter's links: the name beside a count; the headings and intros hold exactly their text.
    assert f'class="f-0"><span lang="id">{GROUP_ID}</span> <span class="count">2</span>' in regions
    assert 'class="f-1">Designated <span class="count">1</span>' in regions
    assert f'<h2 id="jaringan-title" lang="id">{GROUP_ID}</h2>' in regions
    assert '<h2 id="tetap-title">Designated</h2>' in regions
    assert f'<p class="hint" lang="id">{INTRO_ID}</p>' in regions
    assert '<p class="hint">Designated later.</p>' in regions
    # The map's legend; the regions' accessible names are attributes and stay as they are.
    assert f'</svg> <span lang="id">{GROUP_ID}</span></li>' in regions
    assert "</svg> Designated</li>" in regions
    assert 'aria-label="Kota A, Anggota bidang Desain (2015)"' in regions
    # Cards' tags: the label (Indonesian words and field) and the name standing for a missing label.
    assert (
        '<span class="tag cat cat-0" lang="id"><span class="mark" aria-hidden="true"></span>Anggota bidang' in regions
    )
    assert '<span class="tag cat cat-1"><span class="mark" aria-hidden="true"></span>Designated</span>' in regions
    # filter link, heading, intro, legend, and the two cards of the group
    assert marks(out, REGIONS) == marks(full, REGIONS) + 6

    a = REGIONS.replace("index.html", "kota-a/index.html")
    assert f'<dt lang="id">{GROUP_ID}</dt><dd><span lang="id">Desain</span> · Member since 2015</dd>' in page(out, a)
    assert marks(out, a) == marks(full, a) + 3  # and the tag under the heading
    c = REGIONS.replace("index.html", "kota-c/index.html")
    assert f'<dd lang="id">{GROUP_ID}</dd>' in page(out, c)  # no field or year: the label is the group's name
    assert marks(out, c) == marks(full, c) + 2
    b = REGIONS.replace("index.html", "kota-b/index.html")
    assert "<dd>Designated</dd>" in page(out, b)
    assert marks(out, b) == marks(full, b)

    idn = page(out, "daerah/index.html")
    assert f'<h2 id="jaringan-title">{GROUP_ID}</h2>' in idn
    assert marks(out, "daerah/index.html") == marks(full, "daerah/index.html")


def test_names_with_the_page_language_are_not_marked(full: Path) -> None:
    for path in sorted((full / "en").rglob("*.html")):
        body = path.read_text(encoding="utf-8").split("<body", 1)[1]
        for name in TRANSLATED:
            assert f'lang="id">{name}' not in body, (path, name)
            assert f'lang="id"><span class="sw" aria-hidden="true"></span>{name}' not in body, (path, name)
        assert '<span class="tag cat cat-0" lang="id">' not in body, path
    agenda = page(full, "en/agenda/index.html")
    assert '<option value="ballroom">Main hall</option>' in agenda
    assert '<option value="kebijakan">Policy</option>' in agenda
    assert " · Main hall</p>" in agenda


def test_subsector_names_are_marked_on_booths_and_regions(tmp_path: Path) -> None:
    """Subsectors (booth tags, a booth's list, a region's flagship) are site.yaml names too."""
    site_yaml = SITE_YAML.replace(
        "navigation:\n",
        "subsectors:\n  - {id: kriya, name: {id: Kriya}}\n  - {id: musik, name: {id: Musik, en: Music}}\n"
        "navigation:\n  - section: booths\n",
    )
    files = {
        **FILES,
        "content/booths/stan-a.md": "---\nname: Stan A\nnumber: A1\nsubsectors: [kriya, musik]\n---\n",
        "content/cities/kota-d.md": city("Kota D", "[tetap]", "flagship: kriya\n"),
    }
    root = tmp_path / "site"
    (root / "site.yaml").parent.mkdir(parents=True)
    (root / "site.yaml").write_text(site_yaml, encoding="utf-8")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    result = build(root, Options(out=root / "_site", cache=False))
    assert result.ok, [p.format() for p in result.problems]
    site = root / "_site"
    booths = page(site, "en/booths/index.html")
    assert '<span class="tag" lang="id">Kriya</span>' in booths and '<span class="tag">Music</span>' in booths
    booth = page(site, "en/booths/stan-a/index.html")
    assert '<span lang="id">Kriya</span>, Music' in booth
    region = page(site, "en/regions/kota-d/index.html")
    assert '<dd lang="id">Kriya</dd>' in region
    assert '<span class="tag" lang="id">Kriya</span>' in page(site, REGIONS)
    # the Indonesian pages: nothing to mark
    assert 'lang="id">Kriya' not in page(site, "booth/stan-a/index.html")
    assert 'lang="id">Kriya' not in page(site, "daerah/kota-d/index.html")
