"""The preview's watcher, tested as a property: after any sequence of saves, once it has been quiet
it has rebuilt from exactly the files as they are now.

Issue #10's differential harness drives `Preview.rebuild` directly; what decides *whether* the
preview rebuilds is `serve.Rebuilder`, and a save it misses leaves the preview showing an old page
with no sign of it (`cp -p` of a backup did, until the watcher's snapshot held the change time).
Here a seeded generator makes the saves editors and their tools make — in place or by a rename, with
the size kept, with an old modification time put back (`cp -p`, `touch -r`, an undo), files added,
deleted, renamed, editor debris — with real sleeps between them, and after every step checks that
the last rebuild read what is on disk now.  The same-tick window is shortened (RACY_NS) so that both
ways of seeing a change are exercised within a test's time: by the file's times, and by its content
for the files whose times were too recent to trust at the last scan.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from pathlib import Path

import pytest

from handbill import serve
from handbill.serve import Rebuilder, ignored

#: The same-tick window for this test (the real one is 4 s, for file systems with 2-second times).
#: Linux's file times tick with the kernel's coarse clock (a few milliseconds): far below this.
WINDOW_NS = 40_000_000
OLD_NS = 1_500_000_000 * 10**9  # 2017: a time long out of any window, as `cp -p` of an old backup gives

NAMES = ["pembukaan.md", "panel.md", "panel.en.md", "kota.md", "site.yaml"]
DEBRIS = [".pembukaan.md.swp", "panel.md~", "4913", "kota.md.tmp"]


def _state(folder: Path) -> dict[str, bytes]:
    """What a build would read now: every file that is not debris, by its bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not ignored(path.name):
            found[str(path)] = path.read_bytes()
    return found


class _Saves:
    """The saves, each as editors' tools make it."""

    def __init__(self, folder: Path, rng: random.Random) -> None:
        self.folder = folder
        self.rng = rng
        self.backups: dict[str, bytes] = {}

    def _text(self, size: int | None = None) -> bytes:
        words = ["Isi", "sesi", "baru", "Kota", "Kreatif", "panel", "talk", "pameran"]
        text = " ".join(self.rng.choice(words) for _ in range(self.rng.randint(1, 12))).encode()
        if size is not None:
            text = (text * (size // max(1, len(text)) + 1))[:size]
            if len(text) < size:
                text = text.ljust(size, b".")
        return text

    def _existing(self) -> Path | None:
        files = [p for p in self.folder.iterdir() if p.is_file() and not ignored(p.name)]
        return self.rng.choice(sorted(files)) if files else None

    def step(self) -> str:
        # Weighted towards the saves that keep a file's size and time: those are the ones a watcher
        # can miss (the others change a time or a size, and any watcher sees them).
        ops = [
            (self.write_new_size, 1),
            (self.same_size_in_place, 2),
            (self.same_size_old_time_back, 4),
            (self.copy_backup_keeping_its_time, 4),
            (self.replace_by_rename, 2),
            (self.touch_only, 1),
            (self.delete, 1),
            (self.create, 1),
            (self.rename, 1),
            (self.debris, 1),
            (self.nothing, 1),
        ]
        op = self.rng.choices([f for f, _w in ops], weights=[w for _f, w in ops])[0]
        return op()

    def write_new_size(self) -> str:
        path = self._existing()
        if path is None:
            return self.create()
        path.write_bytes(path.read_bytes() + b"\n" + self._text())
        return f"append {path.name}"

    def same_size_in_place(self) -> str:
        path = self._existing()
        if path is None:
            return self.create()
        path.write_bytes(self._text(path.stat().st_size))
        return f"same size {path.name}"

    def same_size_old_time_back(self) -> str:
        """An editor's undo or `touch -r`: same size, same inode, the old time put back."""
        path = self._existing()
        if path is None:
            return self.create()
        st = path.stat()
        path.write_bytes(self._text(st.st_size))
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        return f"same size, time put back {path.name}"

    def copy_backup_keeping_its_time(self) -> str:
        """`cp -p backup/x.md x.md`: the backup's bytes and its (old) time, in place."""
        path = self._existing()
        if path is None:
            return self.create()
        old = self.backups.get(path.name)
        if old is None or len(old) != path.stat().st_size or self.rng.random() < 0.6:
            # keep a same-size backup, long ago
            old = self._text(path.stat().st_size)
            self.backups[path.name] = old
        path.write_bytes(old)
        os.utime(path, ns=(OLD_NS, OLD_NS))
        return f"cp -p {path.name}"

    def replace_by_rename(self) -> str:
        """How many editors save: a new file renamed over the old one (a new inode)."""
        path = self._existing()
        if path is None:
            return self.create()
        tmp = path.with_name(path.name + ".tmp")  # debris while it exists
        tmp.write_bytes(self._text(path.stat().st_size if self.rng.random() < 0.5 else None))
        if self.rng.random() < 0.5:
            st = path.stat()
            os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
        os.replace(tmp, path)
        return f"rename over {path.name}"

    def touch_only(self) -> str:
        path = self._existing()
        if path is None:
            return self.create()
        os.utime(path)
        return f"touch {path.name}"

    def delete(self) -> str:
        path = self._existing()
        if path is None:
            return self.create()
        path.unlink()
        return f"delete {path.name}"

    def create(self) -> str:
        missing = [n for n in NAMES if not (self.folder / n).exists()]
        name = self.rng.choice(missing) if missing else f"baru-{self.rng.randint(0, 9)}.md"
        (self.folder / name).write_bytes(self._text())
        if self.rng.random() < 0.3:
            os.utime(self.folder / name, ns=(OLD_NS, OLD_NS))  # an old file copied in with its time
        return f"create {name}"

    def rename(self) -> str:
        path = self._existing()
        if path is None:
            return self.create()
        target = self.folder / self.rng.choice(NAMES)
        if target == path:
            return "rename to itself"
        os.replace(path, target)
        return f"rename {path.name} → {target.name}"

    def debris(self) -> str:
        name = self.rng.choice(DEBRIS)
        (self.folder / name).write_bytes(self._text())
        if self.rng.random() < 0.5:
            (self.folder / name).unlink()
        return f"debris {name}"

    def nothing(self) -> str:
        return "nothing"


def _settle(watcher: Rebuilder, clock: list[float]) -> None:
    """Poll until the watcher has been quiet past its debounce (as its thread would)."""
    for _ in range(6):
        clock[0] += watcher.debounce + 0.01
        watcher.poll_once(clock[0])


def run_watch_sequence(folder: Path, seed: int, steps: int) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for name in NAMES[:3]:
        (folder / name).write_bytes(b"---\ntitle: awal\n---\n" + name.encode())
    built: list[dict[str, bytes]] = []

    def rebuild(_paths: list[str]) -> None:
        built.append(_state(folder))  # what this build reads: the files as they are when it runs

    watcher = Rebuilder([folder], rebuild, debounce=0.05)
    built.append(_state(folder))  # the preview's first build, then the first snapshot (serve.py's order)
    watcher.prime()
    saves = _Saves(folder, rng)
    clock = [1000.0]
    history: list[str] = []
    for step in range(steps):
        for _ in range(rng.choice([1, 1, 1, 2, 3])):  # now and then several saves before the watcher looks
            history.append(saves.step())
            if rng.random() < 0.5:
                time.sleep(rng.choice([0.0, 0.001, 0.005, WINDOW_NS / 1e9 * 1.5]))
        _settle(watcher, clock)
        assert built[-1] == _state(folder), (
            f"seed {seed}, step {step}: the preview did not rebuild after {history[-4:]} "
            f"(its last build read {sorted(built[-1])}, now {sorted(_state(folder))})"
        )


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_watcher_rebuilds_after_every_kind_of_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    monkeypatch.setattr(serve, "RACY_NS", WINDOW_NS)
    run_watch_sequence(tmp_path / "site", seed, 60)


@pytest.mark.skipif(not os.environ.get("HANDBILL_WATCH_STEPS"), reason="long run: HANDBILL_WATCH_STEPS=3000")
@pytest.mark.timeout(0)
def test_long_watch_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve, "RACY_NS", WINDOW_NS)
    total = int(os.environ["HANDBILL_WATCH_STEPS"])
    first = int(os.environ.get("HANDBILL_WATCH_SEED", "100"))
    seeds = 10
    for i in range(seeds):
        run_watch_sequence(tmp_path / str(i), first + i, max(1, total // seeds))
        shutil.rmtree(tmp_path / str(i))
