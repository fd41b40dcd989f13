"""Event logic, on the default language's site: the schedule (end after start, inside the event's
days, no two sessions in one room at once, a speaker in two places at once is a warning) and the
floor plan (unique booth numbers, rectangles on the plan and apart).  Sweeps over sorted lists, so
large programmes stay fast."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from . import fields
from .messages import t
from .model import Booth, Session, Site
from .problems import Problems
from .yamlsafe import Path_, Pos


def check_schedule(site: Site, positions: dict[tuple[str, str], dict[Path_, Pos]], problems: Problems) -> None:
    """Event logic on the sessions of one (the default) language."""
    days = set(site.days)

    def at(s: Session, key: str) -> Pos:
        return fields.position(positions[("sessions", s.slug)], (key,), Pos(2, 1))

    sessions = site.sessions_sorted()
    for s in sessions:
        if s.end <= s.start:
            pos = at(s, "end")
            problems.add(
                s.source,
                pos.line,
                pos.col,
                t("check.end-before-start", end=f"{s.end:%Y-%m-%d %H:%M}", start=f"{s.start:%Y-%m-%d %H:%M}"),
                t("check.end-before-start.hint"),
                code="end-before-start",
            )
        elif s.start.date() not in days or s.end.date() not in days:
            pos = at(s, "start")
            span = t("check.span", first=site.days[0], last=site.days[-1]) if site.days else t("body.none")
            problems.add(
                s.source,
                pos.line,
                pos.col,
                t("check.outside-event", span=span),
                t("check.outside-event.hint"),
                code="outside-event",
            )
    by_room: dict[str, list[Session]] = defaultdict(list)
    for s in sessions:
        if s.end > s.start:
            by_room[s.room.id].append(s)
    for room_sessions in by_room.values():
        for s, earlier in overlaps(room_sessions):
            pos = at(s, "start")
            problems.add(
                s.source,
                pos.line,
                pos.col,
                t(
                    "check.room-overlap",
                    other=earlier.slug,
                    source=earlier.source,
                    room=s.room.id,
                    start=f"{earlier.start:%H:%M}",
                    end=f"{earlier.end:%H:%M}",
                ),
                t("check.room-overlap.hint"),
                code="room-overlap",
            )
    by_speaker: dict[str, list[Session]] = defaultdict(list)
    for s in sessions:
        for sp in s.speakers:
            if s.end > s.start:
                by_speaker[sp.slug].append(s)
    for slug, speaker_sessions in sorted(by_speaker.items()):
        for s, earlier in overlaps(speaker_sessions):
            pos = at(s, "speakers")
            problems.warn(
                s.source,
                pos.line,
                pos.col,
                t("check.speaker-overlap", speaker=slug, other=earlier.slug, source=earlier.source),
                t("check.speaker-overlap.hint"),
                code="speaker-overlap",
            )


def overlaps(sessions: list[Session]) -> Iterator[tuple[Session, Session]]:
    """(session, earlier one it overlaps) for sessions sorted by start: each need only be compared with
    the latest-ending session before it, so a day of any length is one pass."""
    latest: Session | None = None
    for s in sessions:
        if latest is not None and s.start < latest.end:
            yield s, latest
        if latest is None or s.end > latest.end:
            latest = s


def check_booths(site: Site, positions: dict[tuple[str, str], dict[Path_, Pos]], problems: Problems) -> None:
    """Booth numbers are unique; floor-plan rectangles stay on the 1000×1000 plan and do not overlap."""
    booths = site.booths_sorted()

    def at(slug: str, *key: str) -> Pos:
        return fields.position(positions[("booths", slug)], key, Pos(2, 1))

    by_number: dict[str, str] = {}
    for b in booths:
        if b.number in by_number:
            other = site.booths[by_number[b.number]]
            pos = at(b.slug, "number")
            problems.add(
                b.source,
                pos.line,
                pos.col,
                t("check.booth-number", number=b.number, source=other.source),
                t("check.booth-number.hint"),
                code="booth-number",
            )
        else:
            by_number[b.number] = b.slug
    placed = [b for b in booths if b.position is not None]
    for b in placed:
        assert b.position is not None
        p = b.position
        if p.x + p.w > 1000 or p.y + p.h > 1000:
            pos = at(b.slug, "position")
            problems.add(
                b.source,
                pos.line,
                pos.col,
                t("check.booth-edge", xw=p.x + p.w, yh=p.y + p.h),
                t("check.booth-edge.hint"),
                code="booth-position",
            )
    # Sweep by x: each booth is compared only with those whose x-range can still overlap it.
    active: list[Booth] = []
    for b in sorted(placed, key=lambda b: (b.position.x if b.position else 0, b.slug)):
        bp = b.position
        assert bp is not None
        active = [a for a in active if a.position is not None and a.position.x + a.position.w > bp.x]
        for a in active:
            ap = a.position
            assert ap is not None
            if ap.y < bp.y + bp.h and bp.y < ap.y + ap.h:
                pos = at(b.slug, "position")
                problems.add(
                    b.source,
                    pos.line,
                    pos.col,
                    t("check.booth-overlap", other=a.slug, source=a.source),
                    t("check.booth-overlap.hint"),
                    code="booth-overlap",
                )
        active.append(b)
