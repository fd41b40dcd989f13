"""The preview's pure parts: watching (debounce, no lost edit, debris ignored), request checks, injection."""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from handbill import messages, serve
from handbill.serve import Preview, Rebuilder, allowed_hosts, changed, ignored, insert, snapshot, unsafe_path
from tests.conftest import session_md


def _touch(path: Path, text: str) -> None:
    path.write_text(text)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # never the same mtime twice


@pytest.mark.parametrize(
    "name",
    [".pembukaan.md.swp", ".pembukaan.md.swx", "pembukaan.md~", "#pembukaan.md#", ".#pembukaan.md", "4913",
     "pembukaan.md.tmp", "pembukaan.md.tmp.1234", "pembukaan.md___jb_tmp___", ".DS_Store", "a.md.crswap"],
)  # fmt: skip
def test_editor_debris_is_ignored(name: str) -> None:
    assert ignored(name)


@pytest.mark.parametrize("name", ["pembukaan.md", "pembukaan.en.md", "site.yaml", "logo.svg", "tmp.md"])
def test_sources_are_not_ignored(name: str) -> None:
    assert not ignored(name)


def test_snapshot_sees_sources_only(tmp_path: Path) -> None:
    (tmp_path / "content/sessions").mkdir(parents=True)
    (tmp_path / "content/sessions/a.md").write_text("a")
    (tmp_path / "content/sessions/.a.md.swp").write_text("swap")
    (tmp_path / "content/.git").mkdir()
    (tmp_path / "content/.git/HEAD").write_text("x")
    (tmp_path / "out").mkdir()
    (tmp_path / "out/index.html").write_text("x")
    snap = snapshot([tmp_path / "content", tmp_path / "site.yaml", tmp_path], exclude=[tmp_path / "out"])
    assert sorted(Path(p).relative_to(tmp_path).as_posix() for p in snap) == ["content/sessions/a.md"]


def test_changed_lists_added_removed_modified() -> None:
    assert changed({"a": (1, 1, 1), "b": (1, 1, 1)}, {"a": (2, 1, 1), "c": (1, 1, 1)}) == ["a", "b", "c"]


def _rebuilder(
    tmp_path: Path, on_build: Callable[[list[str]], None] | None = None
) -> tuple[Rebuilder, list[list[str]]]:
    calls: list[list[str]] = []

    def rebuild(paths: list[str]) -> None:
        calls.append(paths)
        if on_build:
            on_build(paths)

    watcher = Rebuilder([tmp_path], rebuild, debounce=0.2)
    watcher.prime()
    return watcher, calls


def test_debounce_waits_for_quiet_then_builds_once(tmp_path: Path) -> None:
    src = tmp_path / "a.md"
    src.write_text("0")
    watcher, calls = _rebuilder(tmp_path)
    for i, now in enumerate([10.0, 10.1, 10.15]):  # three saves in quick succession
        _touch(src, str(i))
        assert not watcher.poll_once(now)
    assert not watcher.poll_once(10.3)  # only 0.15 s of quiet
    assert watcher.poll_once(10.4)
    assert calls == [[str(src)]]
    assert not watcher.poll_once(11.0)  # nothing new: no build
    assert len(calls) == 1


def test_save_during_a_build_gives_exactly_one_more_build(tmp_path: Path) -> None:
    src = tmp_path / "a.md"
    src.write_text("0")
    saved = []

    def save_while_building(paths: list[str]) -> None:
        if not saved:
            _touch(src, "saved during the build")
            saved.append(True)

    watcher, calls = _rebuilder(tmp_path, save_while_building)
    _touch(src, "1")
    watcher.poll_once(1.0)
    assert watcher.poll_once(2.0)  # first build; the editor saves while it runs
    assert not watcher.poll_once(2.1)  # the save is seen ...
    assert watcher.poll_once(3.0)  # ... and built
    assert not watcher.poll_once(4.0)
    assert len(calls) == 2


def test_debris_never_triggers_a_build(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("0")
    watcher, calls = _rebuilder(tmp_path)
    for name in (".a.md.swp", "a.md~", "#a.md#", "4913", "a.md.tmp"):
        (tmp_path / name).write_text("junk")
    watcher.poll_once(1.0)
    watcher.poll_once(5.0)
    assert calls == []


def test_deleting_a_file_triggers_a_build(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("0")
    watcher, calls = _rebuilder(tmp_path)
    (tmp_path / "a.md").unlink()
    watcher.poll_once(1.0)
    assert watcher.poll_once(2.0)


def test_watcher_thread_starts_and_stops(tmp_path: Path) -> None:
    watcher, _calls = _rebuilder(tmp_path)
    watcher.start()
    watcher.stop(5)
    assert watcher._thread is not None and not watcher._thread.is_alive()


def test_a_watcher_stopped_before_its_thread_started_stops_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM inside `start` (between making the thread and starting it) reached `stop` in serve's
    `finally`, whose join raised RuntimeError: the preview exited 1 with an internal error naming a
    content file, instead of 143 (one run in 25 of a SIGTERM right after "serving")."""

    class Terminated(BaseException):
        pass

    def interrupted(self: threading.Thread) -> None:
        raise Terminated()

    watcher, _calls = _rebuilder(tmp_path)
    monkeypatch.setattr(threading.Thread, "start", interrupted)
    with pytest.raises(Terminated):
        watcher.start()
    monkeypatch.undo()
    watcher.stop(5)  # no RuntimeError: the Terminated above is what reaches the command line
    assert watcher._thread is not None and not watcher._thread.is_alive()


def test_a_sigterm_while_a_callback_runs_stops_the_server(tmp_path: Path) -> None:
    """The command line's SIGTERM handler raises an exception; asyncio swallows one raised inside a
    callback (only KeyboardInterrupt and SystemExit pass `Handle._run`), and the server went on
    running.  The loop takes SIGTERM itself while it serves: `_run` returns True."""

    class Term(BaseException):
        pass

    def raising(signum: int, frame: object) -> None:
        raise Term()

    watcher, _calls = _rebuilder(tmp_path)
    preview = Preview(tmp_path, tmp_path / "_preview", "127.0.0.1", 0, stream=io.StringIO())
    sockets = serve.bind("127.0.0.1", 0)

    def send() -> None:  # a callback, as tornado's are: the signal is handled while it runs
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.05)

    async def main() -> bool:
        asyncio.get_running_loop().call_later(0.3, send)
        return await asyncio.wait_for(serve._run(preview, sockets, watcher, "serving"), 10)

    previous = signal.signal(signal.SIGTERM, raising)
    try:
        assert asyncio.run(main()) is True
    finally:
        signal.signal(signal.SIGTERM, previous)
        watcher.stop(5)
        for sock in sockets:
            sock.close()


def test_the_file_a_build_was_at_is_forgotten_when_it_ends(tmp_path: Path) -> None:
    """An internal error after a build (the preview's server, its watcher) must not name the last
    content file the build read (cli.py and serve.py name problems.CURRENT)."""
    from handbill.pipeline import Options, build
    from handbill.problems import CURRENT

    root = tmp_path / "site"
    shutil.copytree(Path(__file__).parent.parent / "golden" / "small-site" / "site", root)
    assert build(root, Options(out=root / "_preview", drafts=True, in_place=True)).ok
    assert CURRENT.get() == ""


@pytest.mark.parametrize(
    "raw",
    ["/../x", "/%2e%2e/x", "/%2E%2e/x", "/%252e%252e/x", "/a\\b", "/%5C", "/%c0%ae%c0%ae/", "/%e0%80%ae",
     "/a/%00", "/a/%0a", "//evil", "/./a", "/a/.", "/%ff"],
)  # fmt: skip
def test_unsafe_paths(raw: str) -> None:
    assert unsafe_path(raw)


@pytest.mark.parametrize("raw", ["/", "/agenda/", "/en/agenda/pembukaan/", "/css/site.css", "/%E2%82%AC.txt", "/a..b"])
def test_safe_paths(raw: str) -> None:
    assert unsafe_path(raw) is None


def test_allowed_hosts_loopback_and_bound_host_with_port() -> None:
    hosts = allowed_hosts("127.0.0.1", 8000)
    assert {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"} <= hosts
    assert "127.0.0.1" not in hosts and "evil:8000" not in hosts
    assert "192.168.1.5:8000" in allowed_hosts("192.168.1.5", 8000)
    assert "localhost" in allowed_hosts("127.0.0.1", 80)


def test_insert_places_script_in_head_and_banner_after_body() -> None:
    page = b'<!doctype html><html lang="en"><head><title>x</title></head><body class="a"><p>x</p></body></html>'
    out = insert(page, b"<S>", b"<B>")
    assert out == page.replace(b"</head>", b"<S></head>").replace(b'<body class="a">', b'<body class="a"><B>')
    assert insert(b"<p>bare</p>", b"<S>", b"<B>") == b"<S><p>bare</p><B>"


def test_overlay_is_escaped_localised_and_capped(make_site: Callable[..., Path], tmp_path: Path) -> None:
    root = make_site({"content/sessions/a.md": session_md(slug="a", room="<script>alert(1)</script>")})
    preview = Preview(root, tmp_path / "out", "127.0.0.1", 8000, stream=io.StringIO())
    state = preview.rebuild()
    assert not state.ok
    page = b'<html lang="en"><head></head><body></body></html>'
    out = preview.inject(page, "index.html").decode()
    assert "The last change could not be built" in out
    assert "content/sessions/a.md (line 5, column 7)" in out
    assert "<script>alert" not in out and "&lt;script&gt;" in out
    report = preview.stream.getvalue()  # type: ignore[attr-defined]
    assert "content/sessions/a.md:5:7:" in report
    # The panel speaks the editor's message language whatever the page's language (issue 13).
    messages.set_language("id")
    try:
        preview.rebuild()
        out_id = preview.inject(page, "index.html").decode()
    finally:
        messages.set_language(None)
    assert "Perubahan terakhir belum bisa ditampilkan" in out_id and "(baris 5, posisi karakter ke-7)" in out_id
    assert not (tmp_path / "out").exists()  # nothing good was built, nothing written


def test_same_size_save_within_one_tick_is_seen(tmp_path: Path) -> None:
    """A save that keeps size, inode and time (same tick: forced here) still triggers a build."""
    src = tmp_path / "a.md"
    src.write_text("Isi sesi.")
    watcher, calls = _rebuilder(tmp_path)
    st = src.stat()
    src.write_text("Isi baru.")  # in place: same inode, same size
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert snapshot([tmp_path])[str(src)][:3] == (st.st_mtime_ns, st.st_size, st.st_ino)
    watcher.poll_once(1.0)
    assert watcher.poll_once(2.0)
    assert calls == [[str(src)]]


def test_a_save_that_puts_an_old_time_back_is_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`cp -p backup.md a.md` (or `touch -r`): same size, same inode, and the old modification time,
    long out of the same-tick window, so no content is compared.  Only the change time, which the
    system sets to now and no program can put back, tells; the preview used to miss this save."""
    src = tmp_path / "a.md"
    src.write_text("Isi sesi.")
    old = time.time_ns() - 3600 * 10**9
    os.utime(src, ns=(old, old))
    watcher, calls = _rebuilder(tmp_path)
    watcher.poll_once(1.0)
    assert not watcher.poll_once(2.0) and calls == []
    time.sleep(0.02)  # the change time moves on (nanosecond clocks; coarser ones tick before the next scan)
    src.write_text("Isi baru.")  # in place: same inode, same size
    os.utime(src, ns=(old, old))
    watcher.poll_once(3.0)
    assert watcher.poll_once(4.0)
    assert calls == [[str(src)]]


def test_files_leaving_the_same_tick_window_do_not_trigger_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.md").write_text("just saved")
    watcher, calls = _rebuilder(tmp_path)  # a.md is compared by content at the next scan
    later = time.time_ns() + 10 * serve.RACY_NS
    monkeypatch.setattr(serve.time, "time_ns", lambda: later)
    for now in (1.0, 2.0, 3.0):
        watcher.poll_once(now)
    assert calls == []


def test_built_is_announced_once_the_preview_serves_that_build(make_site: Callable[..., Path], tmp_path: Path) -> None:
    """Whoever reads "built" and asks for a page gets the new build's state (no overlay of the
    failed build before): the state is published before the line is written."""
    root = make_site({"content/sessions/pembukaan.md": session_md()})
    seen: list[bool] = []

    class Terminal(io.StringIO):
        def write(self, text: str) -> int:
            if "built " in text:
                seen.append(preview.state.ok)
            return super().write(text)

    preview = Preview(root, tmp_path / "out", "127.0.0.1", 8000, stream=Terminal())
    session = root / "content/sessions/pembukaan.md"
    assert preview.rebuild().ok
    session.write_text(session_md(room="nowhere"))
    assert not preview.rebuild().ok
    session.write_text(session_md(body="Isi baru."))
    assert preview.rebuild().ok
    assert seen == [True, True]
    assert b"Isi baru." in (tmp_path / "out/agenda/pembukaan/index.html").read_bytes()


def test_the_preview_says_once_when_the_generators_code_changed(
    make_site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A preview runs the code it loaded: after a git pull or an upgrade of handbill/ its pages are the
    old code's until it is started again, and it says so (once), in the editor's language."""
    from handbill.incremental import store

    root = make_site({})
    preview = Preview(root, tmp_path / "out", "127.0.0.1", 8000, stream=io.StringIO())
    monkeypatch.setattr(store, "code_unchanged", lambda: True)  # whatever happens to this checkout meanwhile
    assert preview.rebuild().ok
    assert "Ctrl+C" not in preview.stream.getvalue()  # type: ignore[attr-defined]
    monkeypatch.setattr(store, "code_unchanged", lambda: False)
    messages.set_language("id")
    try:
        preview.rebuild()
        preview.rebuild()
    finally:
        messages.set_language(None)
    said = preview.stream.getvalue()  # type: ignore[attr-defined]
    assert said.count("kode generator (handbill/) berubah sejak pratinjau dimulai") == 1


def test_once_a_save_is_seen_the_watcher_looks_again_after_the_debounce(tmp_path: Path) -> None:
    """A large site's scan sets a long pause between scans (ten times the scan); a save seen must not
    wait that long again to be found quiet and built."""
    src = tmp_path / "a.md"
    src.write_text("0")
    waits: list[float] = []

    class Recording(threading.Event):
        def wait(self, timeout: float | None = None) -> bool:
            waits.append(timeout or 0.0)
            if len(waits) == 1:
                _touch(src, "1")  # saved during the first pause
            if calls:
                self.set()  # built: this is the pause after the build
            time.sleep(0.06)  # long enough for the debounce; the long pauses are not waited out
            return self.is_set()

    watcher, calls = _rebuilder(tmp_path)
    watcher.debounce = 0.05
    watcher._stop = Recording()
    real_scan = watcher._scan

    def slow_scan() -> tuple[serve.Snapshot, list[str]]:
        found = real_scan()
        watcher._scan_seconds = 0.1  # as a scan of a few thousand files takes
        return found

    watcher._scan = slow_scan  # type: ignore[method-assign]
    watcher._run()
    assert calls == [[str(src)]]
    assert waits[0] == pytest.approx(1.0)  # nothing pending: ten times the scan
    assert waits[1:-1] and all(w == pytest.approx(0.05) for w in waits[1:-1])  # pending: the debounce
    assert waits[-1] == pytest.approx(1.0)  # built: back to the long pause
