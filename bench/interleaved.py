#!/usr/bin/env python3
"""Clean builds of the generic corpus (or the title-only one, --plain) by handbill, Eleventy and Hugo,
interleaved round by round.

    python bench/interleaved.py --size 4000 --rounds 7

bench/run.py measures each generator's runs one after the other; on this VM the speed drifts by 30 % or
more within minutes (session 2: Eleventy's 4,000-page build took 4.2 s, 7.2 s and 5.5 s in three runs of
the same hour), which moves the ratios.  Here every round builds with all three back to back, so a
drift touches them alike, and the ratio is taken per round; the median of those ratios is printed.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402  (bench/run.py: corpora, peers and the measuring helper)


def pagefind_binary() -> str | None:
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    exe = get_executable()
    return str(exe) if exe else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=4000)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--plain", action="store_true", help="the title-only corpus (make_corpus.make_plain_page)")
    a = ap.parse_args(argv)
    site = run.generic_site(a.size, plain=a.plain)
    out = run.WORK / f"{site.name}-out"
    cache = site / ".handbill-cache"
    Builder = tuple[list[str], Path, Path | None, dict[str, str]]
    builders: dict[str, Builder] = {"handbill": (run.handbill_cmd(site, out), out, None, {})}
    # The search index is part of every handbill build (formats/search.py runs Pagefind); Eleventy's
    # documented way to search is Pagefind after the build.  Both pairs are timed, like for like.
    out_ns = run.WORK / f"{site.name}-out-nosearch"
    builders["handbill, no search"] = (run.handbill_cmd(site, out_ns), out_ns, None, {"HANDBILL_SEARCH": "0"})
    pagefind = pagefind_binary()
    eleventy = run.eleventy_cli()
    if eleventy:
        esite = run.eleventy_site(a.size, site)
        eleventy_cmd = ["node", str(eleventy), "--input=.", "--output=_out", "--quiet"]
        builders["Eleventy"] = (eleventy_cmd, esite / "_out", esite, {})
        if pagefind:
            both = " ".join(eleventy_cmd) + f" && {pagefind} --site _out --silent"
            builders["Eleventy + Pagefind"] = (["sh", "-c", both], esite / "_out", esite, {})
    hugo = run.hugo_binary()
    if hugo:
        hsite = run.hugo_site(a.size, site)
        hugo_cmd = [hugo, "--quiet", "-s", str(hsite), "-d", str(hsite / "public")]
        builders["Hugo"] = (hugo_cmd, hsite / "public", None, {})
    times: dict[str, list[float]] = {name: [] for name in builders}
    for i in range(a.rounds + 1):  # round 0 warms the disk cache and is not counted
        for name, (cmd, target, cwd, env) in builders.items():
            shutil.rmtree(target, ignore_errors=True)
            if name.startswith("handbill"):
                shutil.rmtree(cache, ignore_errors=True)
            # Not sampling memory: it takes CPU from the build, most from the one with most processes.
            wall, _peak, _text = run.measure(cmd, cwd=cwd, env=env, memory=False)
            if i:
                times[name].append(wall)
        if i:
            print(f"round {i}: " + ", ".join(f"{n} {t[-1]:.2f} s" for n, t in times.items()), file=sys.stderr)
    plain = " --plain" if a.plain else ""
    print(f"Command: `python bench/interleaved.py --size {a.size} --rounds {a.rounds}{plain}`")
    print(f"Machine: {run.machine()}")
    print()
    print(
        "| generator | median clean build | min | max "
        "| handbill ÷ it (median of per-round ratios; handbill without search against Eleventy and Hugo) |"
    )
    print("|---|---|---|---|---|")
    for name, t in times.items():
        mine = "handbill, no search" if name in ("Eleventy", "Hugo") else "handbill"
        ratio = statistics.median(h / x for h, x in zip(times[mine], t, strict=True))
        print(f"| {name} | {statistics.median(t):.2f} s | {min(t):.2f} s | {max(t):.2f} s | {ratio:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
