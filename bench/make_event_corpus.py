#!/usr/bin/env python3
"""Write a deterministic event-shaped site of about N content files, in two languages.

usage: python bench/make_event_corpus.py N SITEDIR [--seed S] [--clean]

SITEDIR gets a site.yaml (three event days, as many rooms as the sessions need, tracks,
subsectors) and content/ with every kind: cities (5 %), speakers (25 %), sessions (30 %, each
naming one or two speakers, a city and sometimes a booth), booths (20 %, with a city and a
subsector), news (15 %, naming sessions and cities) and pages (5 %).  Bodies are the 1-2 KB
Markdown of make_corpus.py plus links to other entries (`../speakers/x.md`), so the build resolves
references both in front matter and in bodies.  About 60 % of the entries have an English
translation (`slug.en.md`); the rest fall back to Indonesian.  N counts base files, so the site
has N x 2 pages.  The output depends only on N and the seed, and the site builds without errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import TAGS, WORDS, paragraph, sentence, title_words  # noqa: E402

SHARES = (("cities", 0.05), ("speakers", 0.25), ("sessions", 0.30), ("booths", 0.20), ("news", 0.15))
DAYS = (dt.date(2025, 12, 11), dt.date(2025, 12, 12), dt.date(2025, 12, 13))
SLOTS_PER_DAY = 24  # 08:00-20:00 in 30-minute slots
SUBSECTORS = ("kriya", "kuliner", "fesyen", "musik", "film", "desain", "aplikasi", "penerbitan")
TRACKS = (("kebijakan", "#8a3b12"), ("ekosistem", "#1f5f8b"), ("talenta", "#2e7d32"), ("pasar", "#6a1b9a"))
SINGULAR = {"cities": "city", "speakers": "speaker", "sessions": "session", "booths": "booth", "news": "news",
            "pages": "page"}
KINDS = ("keynote", "talk", "panel", "workshop", "performance")


def counts(n: int) -> dict[str, int]:
    out = {kind: max(1, int(n * share)) for kind, share in SHARES}
    out["pages"] = max(1, n - sum(out.values()))
    return out


def slug_of(kind: str, i: int) -> str:
    return f"{SINGULAR[kind]}-{i:05d}"


def body(rng: random.Random, links: list[tuple[str, str]]) -> str:
    """Markdown like make_corpus's, with links to other entries woven into the paragraphs."""
    parts = [paragraph(rng), "", f"## {title_words(rng, rng.randint(2, 4))}", "", paragraph(rng), ""]
    parts += [f"- {sentence(rng, 3, 8)}" for _ in range(rng.randint(2, 4))]
    for label, target in links:
        parts += ["", f"{sentence(rng, 4, 8)[:-1]} [{label}]({target}).", ""]
    parts += ["> " + sentence(rng, 8, 16), "", paragraph(rng, 1, 3), ""]
    return "\n".join(parts)


def front(fields: dict[str, object]) -> str:
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key}: [" + ", ".join(str(v) for v in value) + "]")
        elif isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif isinstance(value, str):
            lines.append(f'{key}: "{value}"')
        else:
            lines.append(f"{key}: {value}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def site_yaml(rooms: int) -> str:
    lines = [
        "title: {id: Forum Kota Kreatif, en: Creative Cities Forum}",
        "base_url: /",
        "languages: [id, en]",
        "event:",
        "  name: Forum Kota Kreatif",
        "  tagline: {id: Forum uji kecepatan, en: A speed-test forum}",
        f"  start: {DAYS[0].isoformat()}",
        f"  end: {DAYS[-1].isoformat()}",
        "  timezone: Asia/Jakarta",
        "  timezone_label: WIB",
        "  venue:",
        "    name: Balai Uji",
        "rooms:",
    ]
    lines += [f"  - {{id: ruang-{r:03d}, name: {{id: Ruang {r}, en: Room {r}}}}}" for r in range(rooms)]
    lines.append("tracks:")
    lines += [f'  - {{id: {t}, name: {{id: {t.title()}, en: {t.title()}}}, color: "{c}"}}' for t, c in TRACKS]
    lines.append("subsectors:")
    lines += [f"  - {{id: {s}, name: {{id: {s.title()}, en: {s.title()}}}}}" for s in SUBSECTORS]
    lines += ["navigation:", "  - section: agenda", "  - section: speakers", "  - section: booths"]
    lines += ["  - section: cities", "  - section: news", "  - page: page-00000"]
    return "\n".join(lines) + "\n"


def write(site: Path, kind: str, slug: str, text: str, lang: str = "") -> int:
    name = f"{slug}.{lang}.md" if lang else f"{slug}.md"
    path = site / "content" / kind / name
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return len(text.encode("utf-8"))


def make_site(n: int, site: Path, seed: int = 2025) -> tuple[int, int]:
    """Write the site; returns (files, bytes)."""
    c = counts(n)
    rooms = max(1, -(-c["sessions"] // (SLOTS_PER_DAY * len(DAYS))))
    for kind in ("cities", "speakers", "sessions", "booths", "news", "pages"):
        (site / "content" / kind).mkdir(parents=True, exist_ok=True)
    (site / "site.yaml").write_text(site_yaml(rooms), encoding="utf-8")
    files = total = 0

    def emit(kind: str, i: int, fields: dict[str, object], tr: dict[str, object], links: list[tuple[str, str]]) -> None:
        nonlocal files, total
        rng = random.Random(f"{seed}:{kind}:{i}")
        slug = slug_of(kind, i)
        total += write(site, kind, slug, front(fields) + "\n" + body(rng, links))
        files += 1
        if rng.random() < 0.6:
            total += write(site, kind, slug, front(tr) + "\n" + body(rng, links), "en")
            files += 1

    for i in range(c["cities"]):
        rng = random.Random(f"{seed}:city:{i}")
        name = f"Kota {title_words(rng, 2)} {i}"
        emit(
            "cities",
            i,
            {"name": name, "type": "kota", "province": f"Provinsi {i % 38}", "flagship": SUBSECTORS[i % 8],
             "known_for": sentence(rng, 4, 8)[:-1].replace('"', ""), "summary": sentence(rng).replace('"', "")},
            {"name": f"City of {name[5:]}", "summary": "An English summary."},
            [],
        )
    for i in range(c["speakers"]):
        rng = random.Random(f"{seed}:speaker:{i}")
        emit(
            "speakers",
            i,
            {"name": title_words(rng, 2), "role": title_words(rng, 3), "organisation": title_words(rng, 2),
             "city": slug_of("cities", i % c["cities"]), "featured": i < 12, "order": i % 50},
            {"role": "Speaker " + title_words(rng, 2)},
            [("kotanya", f"../cities/{slug_of('cities', i % c['cities'])}.md")],
        )
    for i in range(c["booths"]):
        rng = random.Random(f"{seed}:booth:{i}")
        emit(
            "booths",
            i,
            {"name": f"Booth {title_words(rng, 2)}", "number": f"{i:04d}", "area": f"Hall {i % 4 + 1}",
             "subsectors": [SUBSECTORS[i % 8]], "city": slug_of("cities", i % c["cities"]),
             "summary": sentence(rng).replace('"', "")},
            {"name": f"Booth {title_words(rng, 2)}", "summary": "An English summary."},
            [],
        )
    for i in range(c["sessions"]):
        rng = random.Random(f"{seed}:session:{i}")
        slot, room = divmod(i, rooms)
        day, part = divmod(slot, SLOTS_PER_DAY)
        start = dt.datetime.combine(DAYS[day], dt.time(8, 0)) + dt.timedelta(minutes=30 * part)
        speakers = [slug_of("speakers", (i * 7 + k) % c["speakers"]) for k in range(1 + i % 2)]
        fields: dict[str, object] = {
            "title": title_words(rng, rng.randint(3, 6)),
            "summary": sentence(rng).replace('"', ""),
            "start": f"{start:%Y-%m-%d %H:%M}",
            "end": f"{start + dt.timedelta(minutes=30):%Y-%m-%d %H:%M}",
            "room": f"ruang-{room:03d}",
            "track": TRACKS[i % len(TRACKS)][0],
            "kind": KINDS[i % len(KINDS)],
            "speakers": speakers,
            "city": slug_of("cities", i % c["cities"]),
        }
        if i % 3 == 0:
            fields["booths"] = [slug_of("booths", i % c["booths"])]
        emit(
            "sessions",
            i,
            fields,
            {"title": "Session " + title_words(rng, 3), "summary": "An English summary."},
            [("pembicara", f"../speakers/{speakers[0]}.md"), ("agenda", "/agenda/")],
        )
    for i in range(c["news"]):
        rng = random.Random(f"{seed}:news:{i}")
        date = dt.date(2025, 1, 1) + dt.timedelta(days=i % 340)
        emit(
            "news",
            i,
            {"title": title_words(rng, 5), "date": date.isoformat(), "summary": sentence(rng).replace('"', ""),
             "sessions": [slug_of("sessions", i % c["sessions"])], "cities": [slug_of("cities", i % c["cities"])]},
            {"title": "News " + title_words(rng, 4), "summary": "An English summary."},
            [("sesi", f"../sessions/{slug_of('sessions', (i * 3) % c['sessions'])}.md")],
        )
    for i in range(c["pages"]):
        rng = random.Random(f"{seed}:page:{i}")
        tags = sorted(set(rng.sample(TAGS, 2)))
        emit(
            "pages",
            i,
            {"title": title_words(rng, 3), "description": sentence(rng).replace('"', ""), "tags": tags,
             **({"menu": 1} if i == 0 else {})},
            {"title": "Page " + title_words(rng, 2)},
            [],
        )
    assert WORDS  # the vocabulary is shared with make_corpus.py
    return files, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("sitedir")
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--clean", action="store_true", help="empty SITEDIR first")
    a = ap.parse_args(argv)
    site = Path(a.sitedir)
    if a.clean and site.is_dir():
        shutil.rmtree(site)
    site.mkdir(parents=True, exist_ok=True)
    files, total = make_site(a.n, site, a.seed)
    print(f"wrote {files} files, {total} bytes to {os.fspath(site)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
