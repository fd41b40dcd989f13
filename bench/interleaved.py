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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=4000)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--plain", action="store_true", help="the title-only corpus (make_corpus.make_plain_page)")
    a = ap.parse_args(argv)
    site = run.generic_site(a.size, plain=a.plain)
    out = run.WORK / f"{site.name}-out"
    cache = site / ".handbill-cache"
    builders: dict[str, tuple[list[str], Path, Path | None]] = {"handbill": (run.handbill_cmd(site, out), out, None)}
    eleventy = run.eleventy_cli()
    if eleventy:
        esite = run.eleventy_site(a.size, site)
        builders["Eleventy"] = (["node", str(eleventy), "--input=.", "--output=_out", "--quiet"], esite / "_out", esite)
    hugo = run.hugo_binary()
    if hugo:
        hsite = run.hugo_site(a.size, site)
        builders["Hugo"] = ([hugo, "--quiet", "-s", str(hsite), "-d", str(hsite / "public")], hsite / "public", None)
    times: dict[str, list[float]] = {name: [] for name in builders}
    for i in range(a.rounds + 1):  # round 0 warms the disk cache and is not counted
        for name, (cmd, target, cwd) in builders.items():
            shutil.rmtree(target, ignore_errors=True)
            if name == "handbill":
                shutil.rmtree(cache, ignore_errors=True)
            wall, _peak, _text = run.measure(cmd, cwd=cwd)
            if i:
                times[name].append(wall)
        if i:
            print(f"round {i}: " + ", ".join(f"{n} {t[-1]:.2f} s" for n, t in times.items()), file=sys.stderr)
    plain = " --plain" if a.plain else ""
    print(f"Command: `python bench/interleaved.py --size {a.size} --rounds {a.rounds}{plain}`")
    print(f"Machine: {run.machine()}")
    print()
    print("| generator | median clean build | min | max | handbill ÷ it (median of per-round ratios) |")
    print("|---|---|---|---|---|")
    for name, t in times.items():
        ratio = statistics.median(h / x for h, x in zip(times["handbill"], t, strict=True))
        print(f"| {name} | {statistics.median(t):.2f} s | {min(t):.2f} s | {max(t):.2f} s | {ratio:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
