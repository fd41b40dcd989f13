"""`handbill import FILE`: read the file, change the site, say what changed, check the site.

    exit 0  imported (the site may still show warnings)
    exit 1  the file cannot be imported, the import conflicts with site.yaml, or the site does not
            build after it (its problems are shown); under --strict also when any part was left out
    exit 2  the file or the site is missing, or site.yaml is broken

Nothing is written when the file cannot be read or any error was found; --dry-run writes nothing
and shows the same report.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..config import load_config
from ..messages import t
from ..problems import Problem, format_report
from . import frab, sessionize
from .apply import STATE_FILE, Importer, write
from .schedule import ReadError, Schedule

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def read_schedule(path: Path, rel: str, site_tz: object) -> Schedule:
    """The right reader for the file's content (not its name)."""
    import datetime as dt

    assert isinstance(site_tz, dt.tzinfo)
    data = path.read_bytes()
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return frab.read_xml(path, rel, site_tz)
    if head in (b"{", b"["):
        try:
            parsed = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            line, col = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (1, 1)
            raise ReadError(
                [
                    Problem(
                        rel,
                        line,
                        col,
                        "error",
                        t("import.json-bad", why=exc),
                        t("import.damaged.hint"),
                        "import.json",
                    )
                ]
            ) from None
        if isinstance(parsed, dict) and "schedule" in parsed:
            return frab.read_json(parsed, rel, site_tz)
        return sessionize.read(parsed, rel, site_tz)
    raise ReadError(
        [
            Problem(
                rel,
                1,
                1,
                "error",
                t("import.format"),
                t("import.format.hint"),
                "import.format",
            )
        ]
    )


def run_import(root: Path, file: Path, dry_run: bool = False, strict: bool = False) -> int:
    root = root.absolute()
    rel = str(file)  # as the user typed it
    if not file.is_file():
        print(
            format_report(
                [Problem(rel, 0, 0, "error", t("import.no-file"), t("import.no-file.hint"), "import.no-file")]
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    config = load_config(root)  # a broken site.yaml: ConfigError, exit 2 (cli.run)
    try:
        schedule = read_schedule(file, rel, config.tz)
    except ReadError as exc:
        print(format_report(exc.problems), file=sys.stderr)
        print(t("import.nothing-imported"), file=sys.stderr)
        return EXIT_CONTENT
    importer = Importer(root, config, schedule, rel)
    outcome = importer.run()
    problems = [*schedule.problems, *outcome.problems]
    errors = [p for p in problems if p.severity == "error" or strict]
    what = f'"{schedule.title}" ' if schedule.title else ""
    speakers = len({k for talk in schedule.talks for k in talk.persons})
    print(
        t(
            "import.summary",
            file=rel,
            what=what,
            format=schedule.format,
            sessions=len(schedule.talks),
            speakers=speakers,
        )
    )
    for kind in ("sessions", "speakers") if not errors else ():
        counts = [
            t("import.count." + label.split(" ", 1)[1].replace(" ", "-"), n=n)
            for label, n in sorted(outcome.counts.items())
            if label.startswith(kind + " ")
        ]
        if counts:
            print(t("import.counts", kind=t("import.kind." + kind), counts=", ".join(counts)))
    for group, items in sorted(outcome.added.items()) if not errors else ():
        print(t("import.added", n=len(items), group=group, items=", ".join(items)))
    for note in [*schedule.notes, *outcome.notes]:
        print(t("import.note", note=note))
    if problems:
        print(format_report(problems, strict=strict), file=sys.stderr)
    if errors:
        print(t("import.nothing-written"), file=sys.stderr)
        return EXIT_CONTENT
    if dry_run:
        print(t("import.dry-run", n=len(outcome.writes)))
        return EXIT_OK
    write(root, outcome)
    print(t("import.wrote", n=len(outcome.writes), state=STATE_FILE))
    from ..pipeline import Options, build

    result = build(root, Options(write=False))
    if not result.ok:
        print(format_report(result.problems), file=sys.stderr)
        print(t("import.does-not-build"), file=sys.stderr)
        return EXIT_CONTENT
    warnings = list(result.problems)
    if warnings:
        print(t("import.builds-with-warnings", pages=result.pages, warnings=len(warnings)))
    else:
        print(t("import.builds", pages=result.pages))

    return EXIT_OK
