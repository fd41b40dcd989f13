#!/usr/bin/env python3
"""The floor of a one-change `build`: what any build in a fresh process must do, measured piece by piece.

    python bench/floor.py                       # generic 4,000 and 10,000 pages, 5 runs of each part
    python bench/floor.py --sizes 4000 --runs 3 --plain

Issue 10 asks that one changed page cost at most 5 % of a clean build.  A rebuild of one page, run as
`python build.py` (a fresh process, as CI and editors run it), cannot do less than:

  start       start the interpreter and import the build (`import handbill.cli, handbill.pipeline`)
  look        list and stat every content file (the least that tells which one changed; the build
              also reads and digests them, which this leaves out)
  swap        give the published folder its new version whole (issue 11: at every instant the old or
              the new output is complete at its path): a new tree whose every folder is made and
              every file hard-linked from the old one (nothing copied), then renamed into place
  search      Pagefind over one shard's pages (the shard of the changed page is indexed again), linked
              into a folder of their own in sorted order, as the build does; and over 100 pages,
              what a far smaller shard would cost (the floor's second figure)

Each part is measured on its own, with nothing else of the build around it, on the corpus's real
output; their sum is a lower bound for a one-change build, printed against the clean build of the
same corpus (median of --runs after one warm-up) and against the 5 % target.  The build's own
one-change figure is printed beside it for comparison.  Output: a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(PROJECT))

import run as bench_run  # noqa: E402

WORK = bench_run.WORK  # BENCH_WORK=DIR: see run.py

#: the pages of a shard far smaller than the default (1,000): what Pagefind's own start and finish cost
SMALL_SHARD = 100


def timed(fn: object, runs: int) -> float:
    """Median wall seconds of `fn()` over `runs` calls, after one warm-up call."""
    assert callable(fn)
    fn()
    found = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        found.append(time.perf_counter() - t0)
    return statistics.median(found)


def start_cost() -> None:
    code = "import handbill.cli, handbill.pipeline"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PROJECT, env=bench_run.bench_environ())


def look_cost(site: Path) -> None:
    for kind in os.scandir(site / "content"):
        if kind.is_dir():
            for entry in os.scandir(kind.path):
                entry.stat()


def swap_cost(out: Path, scratch: Path) -> None:
    """A new tree of `out`'s folders with every file hard-linked, renamed into place of a stand-in
    (the published folder itself is left as it is): `cp -al`, in C, the quickest way to make one."""
    subprocess.run(["cp", "-al", str(out), str(scratch / "new")], check=True)
    os.replace(scratch / "new", scratch / "published")


def shard_pages(out: Path, shards: int) -> list[Path]:
    pages = sorted(p for p in out.rglob("index.html") if "pagefind" not in p.parts)
    return pages[: -(-len(pages) // shards)]


def search_cost(exe: str, out: Path, pages: list[Path], scratch: Path) -> None:
    site = scratch / "site"
    for page in pages:
        target = site / page.relative_to(out)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(page, target)
    subprocess.run([exe, "--site", str(site), "--output-path", str(scratch / "bundle"), "--silent"], check=True)


def fresh(scratch: Path) -> None:
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)


def measure_size(n: int, plain: bool, runs: int) -> dict[str, float]:
    from pagefind.service import get_executable

    from handbill.formats.search import MAX_SHARDS

    site = bench_run.generic_site(n, plain=plain)
    numbers = bench_run.bench_handbill(site, runs, bench_run.bench_environ())
    out = WORK / f"{site.name}-out"
    scratch = WORK / "floor-scratch"
    exe = str(get_executable())
    pages = int(numbers["pages"])
    shards = min(MAX_SHARDS, max(1, -(-pages // 1000)))
    one_shard = shard_pages(out, shards)

    def swap() -> None:
        fresh(scratch)
        t0 = time.perf_counter()
        swap_cost(out, scratch)
        spent.append(time.perf_counter() - t0)

    def search() -> None:
        fresh(scratch)
        t0 = time.perf_counter()
        search_cost(exe, out, one_shard, scratch)
        spent.append(time.perf_counter() - t0)

    spent: list[float] = []
    for _ in range(runs + 1):
        swap()
    swap_s = statistics.median(spent[1:])
    spent = []
    for _ in range(runs + 1):
        search()
    search_s = statistics.median(spent[1:])
    shard_size = len(one_shard)
    one_shard = one_shard[:SMALL_SHARD]
    spent = []
    for _ in range(runs + 1):
        search()
    small_s = statistics.median(spent[1:])
    shutil.rmtree(scratch, ignore_errors=True)
    return {
        **numbers,
        "start": timed(start_cost, runs),
        "look": timed(lambda: look_cost(site), runs),
        "swap": swap_s,
        "search": search_s,
        "small": small_s,
        "shard_pages": shard_size,
        "files": sum(len(f) for _d, _s, f in os.walk(out)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="4000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--plain", action="store_true", help="the title-only corpus")
    args = parser.parse_args(argv)
    shown = " ".join(["python bench/floor.py", *(argv if argv is not None else sys.argv[1:])])
    print(f"Command: `{shown}`")
    print(f"Machine: {bench_run.machine()}\n")
    print(
        "| corpus | pages / files | clean | 5 % of clean | start | look | swap | search (pages) | search (100 pages)"
        " | floor | floor with 100-page shards | one change (build) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n in (int(s) for s in args.sizes.split(",")):
        m = measure_size(n, args.plain, args.runs)
        floor = m["start"] + m["look"] + m["swap"] + m["search"]
        small = m["start"] + m["look"] + m["swap"] + m["small"]
        name = f"{'plain' if args.plain else 'generic'} {n:,}"
        print(
            f"| {name} | {int(m['pages']):,} / {int(m['files']):,} | {m['clean']:.2f} s | {0.05 * m['clean']:.2f} s "
            f"| {m['start']:.2f} s | {m['look']:.3f} s | {m['swap']:.2f} s "
            f"| {m['search']:.2f} s ({int(m['shard_pages'])}) "
            f"| {m['small']:.2f} s | {floor:.2f} s ({100 * floor / m['clean']:.1f} %) "
            f"| {small:.2f} s ({100 * small / m['clean']:.1f} %) "
            f"| {m['onechange']:.2f} s ({100 * m['onechange'] / m['clean']:.0f} %) |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
