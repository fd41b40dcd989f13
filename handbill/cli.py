"""Command line: build | check | serve | new.  Exit codes: 0 ok, 1 content errors, 2 usage or
configuration, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).  No logic lives here."""

from __future__ import annotations

import argparse
import difflib
import gc
import os
import re
import signal
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn

from . import __version__, messages
from .incremental import memo
from .messages import has, t
from .problems import ConfigError, format_json, format_report
from .text import terminal_safe

if TYPE_CHECKING:  # imported when a build runs, after the memo check (see _build)
    from .pipeline import BuildResult

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INT, EXIT_TERM = 0, 1, 2, 130, 143

#: The cycle collector's thresholds while a command runs.  A build makes hundreds of thousands of
#: objects that live to its end, and Python's defaults (700, 10, 10) then walk all of them again and
#: again in full collections: 15 of them in six 4,000-page preview rebuilds, ~0.2 s of each 0.85 s
#: rebuild; with these, none, and 0.62-0.64 s (bench/RESULTS.md, Session 8).  A one-change `build`
#: is a fresh process that lives seconds: no difference measured there.  Garbage in cycles waits a
#: little longer: a few MB at most.
GC_THRESHOLDS = (50_000, 20, 20)


class Terminated(BaseException):
    """SIGTERM, raised as an exception so that every `finally` (temporary folders) runs."""


#: `check` with a relative base_url (issue 14): what the published site will lack, and how to give it.
def _on_term(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


def parser(lang: str | None = None) -> argparse.ArgumentParser:
    """`lang`: the language of the help texts (default: the current message language)."""

    def h(code: str) -> str:
        return t(code, lang) if lang else t(code)

    p = _Parser(prog=_prog(), description=h("help.description"))
    p.add_argument("--version", action="version", version=f"handbill {__version__}", help=h("help.version"))
    sub = p.add_subparsers(dest="command")

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--root", type=Path, default=Path("."), help=h("help.root"))
        sp.add_argument("--debug", action="store_true", help=h("help.debug"))
        sp.add_argument(
            "--messages",
            choices=list(messages.LANGUAGES),
            help=h("help.messages"),
        )

    b = sub.add_parser("build", help=h("help.build"))
    common(b)
    b.add_argument("--out", type=Path, help=h("help.out"))
    b.add_argument("--base-url", help=h("help.base-url"))
    b.add_argument("--strict", action="store_true", help=h("help.strict"))
    b.add_argument("--drafts", action="store_true", help=h("help.drafts"))
    b.add_argument("--timings", action="store_true", help=h("help.timings"))
    c = sub.add_parser("check", help=h("help.check"))
    common(c)
    c.add_argument("--strict", action="store_true", help=h("help.strict"))
    c.add_argument("--drafts", action="store_true", help=h("help.drafts"))
    c.add_argument("--format", choices=["text", "json"], default="text", help=h("help.format"))
    c.add_argument("--timings", action="store_true", help=h("help.timings"))
    s = sub.add_parser("serve", help=h("help.serve"))
    common(s)
    s.add_argument("--host", default="127.0.0.1", help=h("help.host"))
    s.add_argument("--port", type=int, default=8000, help=h("help.port"))
    n = sub.add_parser("new", help=h("help.new"))
    common(n)
    n.add_argument("kind", help=h("help.kind"))
    n.add_argument("slug", help=h("help.slug"))
    n.add_argument("--title")
    n.add_argument("--lang", help=h("help.lang"))
    i = sub.add_parser("init", help=h("help.init"))
    i.add_argument("folder", type=Path, help=h("help.folder"))
    i.add_argument("--languages", help=h("help.languages"))
    i.add_argument("--timezone", help=h("help.timezone"))
    i.add_argument("--start", help=h("help.start"))
    i.add_argument("--end", help=h("help.end"))
    i.add_argument("--name", help=h("help.name"))
    i.add_argument("--debug", action="store_true", help=h("help.debug"))
    i.add_argument("--messages", choices=list(messages.LANGUAGES), help=h("help.messages"))
    m = sub.add_parser("import", help=h("help.import"))
    common(m)
    m.add_argument("file", type=Path, help=h("help.file"))
    m.add_argument("--dry-run", action="store_true", help=h("help.dry-run"))
    m.add_argument("--strict", action="store_true", help=h("help.import-strict"))
    return p


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0].startswith("-") and args_list[0] not in {"-h", "--help", "--version"}:
        args_list.insert(0, "build")
    lang = _argv_language(args_list)
    try:
        with _argparse_words(lang):
            args = parser(lang).parse_args(args_list)
    except UsageError as exc:
        print(exc.explain(lang, args_list), file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else EXIT_USAGE
    previous = signal.signal(signal.SIGTERM, _on_term)
    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        return run(args)
    except BrokenPipeError:
        return _stdout_closed()
    except KeyboardInterrupt:
        print(t("cli.interrupted"), file=sys.stderr)
        return EXIT_INT
    except Terminated:
        print(t("cli.terminated"), file=sys.stderr)
        return EXIT_TERM
    finally:
        gc.set_threshold(*thresholds)  # main() also runs in-process, in tests
        signal.signal(signal.SIGTERM, previous)
        messages.set_language(None)  # --messages is for this command (main() also runs in-process, in tests)


def entry() -> NoReturn:
    """The command line's way out (build.py, `python -m handbill`, the `handbill` script): main(), then
    leave without freeing the build's objects one by one.  Python's own exit tears down every module
    and object: 0.28 s of an 8 s clean build of 4,000 pages, and as long after a one-page rebuild,
    for memory the system takes back at once anyway (mypy leaves the same way).  Nothing is lost:
    every file is written and closed and the worker pools are joined before main() returns; the
    standard streams are flushed here.  Tests call main() and keep Python's exit."""
    code = main()
    try:
        sys.stdout.flush()
    except (OSError, ValueError):  # `check --format json | true`, the report still buffered: as main() says it
        code = _stdout_closed()
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # nowhere left to say anything
    os._exit(code)


def run(args: argparse.Namespace) -> int:
    from . import problems as problems_mod

    messages.set_language(getattr(args, "messages", None))
    root = getattr(args, "root", None)
    if root is not None:
        messages.set_site_language(_site_language(root))
    try:
        if args.command == "new":
            return _new(args)
        if args.command == "init":
            return _init(args)
        if args.command == "import":
            return _import(args)
        if args.command == "serve":
            from .serve import serve

            return serve(args.root, host=args.host, port=args.port, debug=args.debug)
        return _build(args)
    except ConfigError as exc:
        print(format_report(exc.problems), file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        raise  # the reader of our output went away: not a bug of the build (main)
    except Exception as exc:  # an unexpected exception is a bug; still one line, still exit 1
        if getattr(args, "debug", False):
            traceback.print_exc()
        where = problems_mod.CURRENT.get() or t("cli.the-build")
        print(
            terminal_safe(
                f"{where}: {t('severity.error')}: " + t("cli.internal", error=f"{type(exc).__name__}: {exc}")
            ),
            file=sys.stderr,
        )
        return EXIT_CONTENT


def _build(args: argparse.Namespace) -> int:
    check = args.command == "check"
    started = time.perf_counter()
    timings: list[tuple[str, float]] = []
    inputs = None
    base_url = getattr(args, "base_url", None)
    if memo.usable(not check, True, args.drafts):
        # Before importing the generator (a third of a no-change build): has anything changed at all?
        root = args.root.absolute()
        out = (getattr(args, "out", None) or root / "_site").absolute()
        inputs = memo.input_digest(root, memo.settings(out, base_url, args.drafts, args.strict))
        hit = memo.fresh(root, out, inputs)
        timings.append(("memo-check", time.perf_counter() - started))
        if hit is not None:
            if hit.warnings:
                print(format_report(hit.warnings, strict=args.strict), file=sys.stderr)
            seconds = f"{time.perf_counter() - started:.2f}"
            print(
                t("cli.built-unchanged", pages=hit.pages, files=hit.files, seconds=seconds, out=terminal_safe(str(out)))
            )
            _print_timings(args, timings, started)
            return EXIT_OK

    importing = time.perf_counter()
    from .pipeline import Options, build

    timings.append(("import", time.perf_counter() - importing))

    options = Options(
        out=getattr(args, "out", None),
        base_url=getattr(args, "base_url", None),
        strict=args.strict,
        drafts=args.drafts,
        write=not check,
        progress=lambda line: print(line, file=sys.stderr, flush=True),
        inputs=inputs,
    )
    result = build(args.root, options)
    timings.extend(result.timings)
    try:
        return _report(args, result, check)
    finally:
        _print_timings(args, timings, started)


def _print_timings(args: argparse.Namespace, timings: list[tuple[str, float]], started: float) -> None:
    """`--timings`: each stage's seconds and share of the whole command, on standard error (so that
    `check --format json` stays JSON).  Stages under 5 ms are summed into one line."""
    if not getattr(args, "timings", False):
        return
    total = time.perf_counter() - started
    rows = [(t(f"timing.{stage}"), seconds) for stage, seconds in timings if seconds >= 0.005]
    small = sum(seconds for _stage, seconds in timings if seconds < 0.005)
    rest = total - sum(seconds for _stage, seconds in timings)
    if small + rest >= 0.0005:
        rows.append((t("timing.other"), small + rest))
    width = max(len(name) for name, _seconds in rows + [(t("timing.total"), 0.0)])
    lines = [t("timing.header")]
    for name, seconds in rows:
        share = round(100 * seconds / total) if total > 0 else 0
        lines.append(f"  {name:<{width}}  {seconds:6.2f}  {share:3d} %")
    lines.append(f"  {t('timing.total'):<{width}}  {total:6.2f}")
    print("\n".join(lines), file=sys.stderr)


def _report(args: argparse.Namespace, result: BuildResult, check: bool) -> int:
    items = list(result.problems)
    if check and getattr(args, "format", "text") == "json":
        print(format_json(items))
        return EXIT_OK if result.ok else EXIT_CONTENT
    if items:
        print(format_report(items, strict=args.strict), file=sys.stderr)
    if not result.ok:
        if not check:
            # Said only when true: there is a previous output (write.MARKER), and it was not touched.
            kept = result.out is not None and (result.out / ".handbill-output").is_file()
            # The stage in the editor's words ("memeriksa konten"), not the code's ("validate").
            stage = t(f"cli.stage.{result.stage}") if has(f"cli.stage.{result.stage}") else result.stage
            print(t("cli.stopped" if kept else "cli.stopped_nothing", stage=stage), file=sys.stderr)
        return EXIT_CONTENT
    if check:
        print(t("cli.checked", pages=result.pages, seconds=f"{result.seconds:.2f}"))
        configs = [site.config for site in result.sites.values()]
        if configs and not configs[0].absolute:
            print(t("cli.relative-base-url"))
    else:
        where = terminal_safe(str(result.out))
        print(t("cli.built", pages=result.pages, files=result.files, seconds=f"{result.seconds:.2f}", out=where))
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from .config import load_config
    from .scaffold import KIND_ALIASES, ScaffoldError, first_room, free_values, new_entry

    config = load_config(args.root.absolute())
    kind = KIND_ALIASES.get(args.kind, args.kind)
    try:
        path = new_entry(
            args.root,
            args.kind,
            args.slug,
            args.title,
            args.lang,
            config.languages,
            config.days[0],
            first_room(config),
            free_values(args.root, kind, config),
        )
    except ScaffoldError as exc:
        print(terminal_safe(f"{t('severity.error')}: {exc}"), file=sys.stderr)
        return EXIT_USAGE
    print(terminal_safe(t("cli.created", path=path)))
    return EXIT_OK


_LANGUAGES_LINE = re.compile(r"^languages:[ \t]*\[?[ \t]*['\"]?([A-Za-z_-]+)", re.MULTILINE)
_LANGUAGES_BLOCK = re.compile(r"^languages:[ \t]*\n[ \t]*-[ \t]*['\"]?([A-Za-z_-]+)", re.MULTILINE)


#: argparse's own words for its help (it words them through gettext), by catalog code.  Its error
#: messages stay English: UsageError reads them and says the same in the editor's words.
_ARGPARSE = {
    "usage: ": "argparse.usage",
    "options": "argparse.options",
    "positional arguments": "argparse.positional",
    "show this help message and exit": "argparse.help",
}

#: An option → the catalog code of the value it takes (`cli.value.port`: "a port number from 1 to
#: 65535, e.g. --port 8000"), for its 'needs a value' and 'cannot be used' lines.
_VALUES = {
    "--root": "cli.value.root",
    "--out": "cli.value.out",
    "--base-url": "cli.value.base-url",
    "--messages": "cli.value.messages",
    "--format": "cli.value.format",
    "--host": "cli.value.host",
    "--port": "cli.value.port",
    "--title": "cli.value.title",
    "--lang": "cli.value.lang",
    "--languages": "cli.value.languages",
    "--timezone": "cli.value.timezone",
    "--start": "cli.value.start",
    "--end": "cli.value.end",
    "--name": "cli.value.name",
    "command": "cli.value.command",
}
#: A command's arguments: what each is, and an example of the whole command
_ARGUMENTS = {"kind": "cli.what.kind", "slug": "cli.what.slug", "folder": "cli.what.folder", "file": "cli.what.file"}
_EXAMPLES = {"new": "new session lokakarya-batik", "init": "init acara-saya", "import": "import schedule.xml"}

_BAD_VALUE = re.compile(
    r"argument (?P<option>\S+?): invalid (?:\S+ value|choice): '?(?P<value>.*?)'?(?: \(choose from .*\))?"
)
_NO_VALUE = re.compile(r"argument (?P<option>\S+?): expected (?:one|at least one) argument")
_REQUIRED = re.compile(r"the following arguments are required: (?P<names>.*)")
_UNRECOGNIZED = re.compile(r"unrecognized arguments: (?P<args>.*)")
_AMBIGUOUS = re.compile(r"ambiguous option: (?P<option>\S+?)(?:=\S*)? could match (?P<matches>.*)")


class UsageError(Exception):
    """A usage mistake argparse found; `explain` says it in one line, in the editor's words."""

    def __init__(self, parser: argparse.ArgumentParser, message: str) -> None:
        super().__init__(message)
        self.parser = parser
        self.message = message

    def explain(self, lang: str, argv: list[str]) -> str:
        """'build.py serve: kesalahan: --port 'abc' tidak bisa dipakai (tulis nomor port …)' and, on a
        second line, the command that lists the options."""
        parser = self.parser
        command = next((a for a in argv if a in _subcommands(parser)), None)
        if command is not None:  # argparse reports unknown options from the top parser: say the command's
            parser = _subcommands(parser)[command]
        message, hint = self.words(lang, parser, self.parser)
        line = f"{parser.prog}: {t('severity.error', lang)}: {message}" + (f" ({hint})" if hint else "")
        # What to type: `python build.py serve --help`, as the guides write it (the prog is `build.py serve`).
        typed = f"python {parser.prog}" if parser.prog.endswith(".py") or ".py " in parser.prog else parser.prog
        return terminal_safe(line) + "\n" + terminal_safe(t("cli.usage.help", lang, command=f"{typed} --help"))

    def words(self, lang: str, parser: argparse.ArgumentParser, top: argparse.ArgumentParser) -> tuple[str, str]:
        text = self.message.strip()
        found = _BAD_VALUE.fullmatch(text)
        if found:
            option, value = found["option"], found["value"]
            if option == "command":
                hint = _suggest(value, _subcommands(parser), lang) or _expected(option, lang)
                return t("cli.usage.unknown-command", lang, value=value), hint
            return t("cli.usage.bad-value", lang, option=option, value=value), _expected(option, lang)
        found = _NO_VALUE.fullmatch(text)
        if found:
            return t("cli.usage.no-value", lang, option=found["option"]), _expected(found["option"], lang)
        found = _REQUIRED.fullmatch(text)
        if found:
            names = [n.strip() for n in found["names"].split(",")]
            what = t("cli.usage.and", lang).join(t(_ARGUMENTS[n], lang) if n in _ARGUMENTS else n for n in names)
            prog, _, command = parser.prog.rpartition(" ")
            example = t("cli.usage.example", lang, example=f"{prog} {_EXAMPLES.get(command, command)}")
            return t("cli.usage.missing", lang, what=what), example
        found = _UNRECOGNIZED.fullmatch(text)
        if found:
            first = found["args"].split(" ")[0]
            option = first.partition("=")[0]
            elsewhere = [name for name, sub in _subcommands(top).items() if option in sub._option_string_actions]
            if first.startswith("--") and elsewhere:  # `build --port 8000`: --port is serve's
                return t("cli.usage.unknown", lang, arg=first), t(
                    "cli.usage.other-command", lang, option=option, commands=", ".join(elsewhere)
                )
            options = [o for o in parser._option_string_actions if o.startswith("--")]
            hint = _suggest(option, options, lang) if first.startswith("-") else ""
            return t("cli.usage.unknown", lang, arg=first), hint
        found = _AMBIGUOUS.fullmatch(text)
        if found:
            message = t("cli.usage.ambiguous", lang, option=found["option"], matches=found["matches"])
            return message, t("cli.usage.ambiguous.hint", lang)
        return text, ""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are raised (main() words them), not printed and exited."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(self, message)


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _suggest(value: str, choices: Any, lang: str) -> str:
    """'did you mean --strict?' for --strct; nothing for --bogus (difflib's 0.6 would offer --out)."""
    close = difflib.get_close_matches(value.lstrip("-"), [c.lstrip("-") for c in choices], n=1, cutoff=0.75)
    if not close:
        return ""
    return t("hint.did-you-mean", lang, value=next(c for c in choices if c.lstrip("-") == close[0]))


def _expected(option: str, lang: str) -> str:
    code = _VALUES.get(option)
    return t("cli.usage.expected", lang, expected=t(code, lang)) if code else ""


@contextmanager
def _argparse_words(lang: str) -> Iterator[None]:
    """argparse's usage line and help headings in `lang` (English: argparse's own)."""
    module: Any = argparse  # `_` (gettext) is not in argparse's published interface
    original = module._
    if lang == "en":
        yield
        return

    def words(text: str) -> str:
        code = _ARGPARSE.get(text)
        # the catalog holds one line; argparse's error template ends with a newline
        return t(code, lang) + "\n" * text.endswith("\n") if code else str(original(text))

    module._ = words
    try:
        yield
    finally:
        module._ = original


def _argv_language(args: list[str]) -> str:
    """The message language before argparse has run (for --help): --messages, the environment
    variable, the default language of --root's site.yaml, Indonesian."""
    explicit = env = None
    root = Path(".")
    for i, a in enumerate(args):
        value = args[i + 1] if i + 1 < len(args) else ""
        if a == "--messages" or a.startswith("--messages="):
            explicit = a.partition("=")[2] or value
        elif a == "--root" or a.startswith("--root="):
            root = Path(a.partition("=")[2] or value)
    if explicit in messages.LANGUAGES:
        return explicit
    env = os.environ.get(messages.ENV, "").strip().lower()
    site = _site_language(root)
    for lang in (env, site):
        if lang:
            return lang if lang in messages.LANGUAGES else messages.FALLBACK
    return messages.DEFAULT


def _site_language(root: Path) -> str | None:
    """site.yaml's default language, peeked cheaply (the memo's fast path parses nothing); the
    configuration stage sets it again from the real parse."""
    from .inputs import InputError, read_regular

    try:  # never a plain open(): site.yaml may be a FIFO or a device (the build reports it)
        head = read_regular(root / "site.yaml", 1_000_000)[:65536].decode("utf-8", "replace")
    except (InputError, OSError, ValueError):
        return None
    found = _LANGUAGES_LINE.search(head) or _LANGUAGES_BLOCK.search(head)
    return found.group(1) if found else None


def _typed() -> str:
    """What to type to run the program again: `python build.py`, `handbill` or `python -m handbill`."""
    prog = _prog()
    return f"python {prog}" if prog.endswith(".py") else prog


def _prog() -> str:
    """The name the user typed: build.py, handbill or python -m handbill."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "handbill"
    return "python -m handbill" if name == "__main__.py" else name


def _init(args: argparse.Namespace) -> int:
    from .init import InitError, create, notes, plan

    try:
        p = plan(args.folder, args.languages, args.timezone, args.start, args.end, args.name)
        files = create(p)
    except InitError as exc:
        print(format_report(exc.problems), file=sys.stderr)
        return EXIT_USAGE
    content = sum(1 for f in files if f.startswith("content/"))
    print(t("cli.init-created", folder=args.folder, n=content))
    for line in notes(p, files):
        print(line)
    print(t("cli.init-next", command=f"{_typed()} serve --root {args.folder}"))
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from .importers.run import run_import

    return run_import(args.root, args.file, dry_run=args.dry_run, strict=args.strict)


def _stdout_closed() -> int:
    """`build | head -1`: the reader closed the pipe.  Not a failure of the build, but its report was
    not delivered: one line on stderr, exit 2 (an environment problem), no traceback."""
    try:
        # Python flushes stdout once more at exit; point it at /dev/null so that flush cannot fail.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
    try:
        print(
            f"{t('severity.error')}: {t('cli.stdout-closed')}",
            file=sys.stderr,
            flush=True,
        )
    except (OSError, ValueError):
        pass
    return EXIT_USAGE
