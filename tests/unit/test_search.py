"""Search (issue 14, formats/search.py): the Pagefind bundle is part of the output, reproducible byte for
byte, and a build where Pagefind cannot run still succeeds, without search and with a warning."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli
from tests.unit.test_outputs_site import EPOCH, make_example

ENV = {"SOURCE_DATE_EPOCH": str(EPOCH), "HANDBILL_CACHE": "0"}


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_bundle_is_in_the_output_and_reproducible(tmp_path: Path) -> None:
    root = make_example("search")
    outs = []
    for n in range(2):
        out = tmp_path / f"out{n}"
        result = run_cli("build", "--root", root, "--out", out, "--strict", env=ENV)
        assert result.returncode == 0, result.stdout + result.stderr
        outs.append(tree(out / "pagefind"))
    assert outs[0] == outs[1]
    entry = json.loads(outs[0]["pagefind-entry.json"])
    assert list(entry["languages"]) == sorted(entry["languages"]) == ["en", "id"]
    assert "pagefind.js" in outs[0] and not any(name.startswith("pagefind-ui") for name in outs[0])


def test_when_pagefind_fails_the_build_succeeds_and_warns(tmp_path: Path) -> None:
    root = make_example("no-search")
    out = tmp_path / "out"
    # a program that fails stands for a broken installation; it fails after writing part of its
    # bundle (into the build's own folder, where Pagefind writes): none of that may be published
    broken = tmp_path / "pagefind"
    script = 'out=""; while [ $# -gt 0 ]; do [ "$1" = --output-path ] && out="$2"; shift; done\n'
    script += 'mkdir -p "$out/fragment" && echo half > "$out/fragment/x.pf_fragment"\n'
    broken.write_text("#!/bin/sh\n" + script + "echo 'cannot run here' >&2\nexit 3\n")
    broken.chmod(0o755)
    env = {**ENV, "PAGEFIND_BINARY_PATH": str(broken)}
    result = run_cli("build", "--root", root, "--out", out, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "built without search" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert (out / "index.html").is_file() and not (out / "pagefind").exists()
    strict = run_cli("build", "--root", root, "--out", tmp_path / "strict", "--strict", env=env)
    assert strict.returncode == 1  # --strict: a warning is an error, as for every other warning


def test_switched_off(tmp_path: Path) -> None:
    root = make_example("search-off")
    out = tmp_path / "out"
    result = run_cli("build", "--root", root, "--out", out, "--strict", env={**ENV, "HANDBILL_SEARCH": "0"})
    assert result.returncode == 0 and not (out / "pagefind").exists()
