"""Contract group 13 against the real preview server (`build.py serve` in a subprocess, raw sockets).

Traversal in every encoding, unknown Host headers, cross-origin websockets and malformed requests
get 4xx and the server keeps serving; the reload script is added to responses only; a port in use
is one line and exit 2; a failed rebuild keeps the last good site and shows the overlay.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_SITE_YAML, PROJECT, run_cli, session_md, write_files

SPEAKER = "---\nname: Ayu Lestari\nrole: Kurator\n---\nBiografi singkat.\n"


class PreviewProcess:
    """`python build.py serve --port 0` in a subprocess; its output is collected by a thread."""

    def __init__(self, root: Path, *extra: str) -> None:
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-u", str(PROJECT / "build.py"), "serve", "--root", str(root), "--port", "0", *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=PROJECT,
            # A server that does not stop dumps every thread's stack on SIGABRT (stop()): a hang says where.
            env={**os.environ, "PYTHONFAULTHANDLER": "1"},
        )
        threading.Thread(target=self._drain, daemon=True).start()
        # English, or Indonesian with --messages id
        found = self.wait_for(r"(?:Serving the preview on|Pratinjau tersedia di) http://[^:]+:(\d+)/", timeout=60)
        self.port = int(found.group(1))
        self.base = f"http://127.0.0.1:{self.port}"

    def _drain(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, pattern: str, timeout: float = 30, start: int = 0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[start:]:
                found = re.search(pattern, line)
                if found:
                    return found
            if self.proc.poll() is not None and not any(re.search(pattern, x) for x in self.lines[start:]):
                break
            time.sleep(0.02)
        raise AssertionError(f"no line matching {pattern!r} in:\n{self.output()}")

    def builds(self) -> int:
        return sum(
            1
            for line in self.lines
            if re.search(r"built \d+ pages|errors? in \d+ file|halaman dibangun|kesalahan di \d+ berkas", line)
        )

    def raw(self, data: bytes, timeout: float = 5) -> bytes:
        """Send bytes as they are; return whatever the server answers before closing."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
            sock.sendall(data)
            chunks = []
            try:
                while True:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
                    if b"\r\n\r\n" in b"".join(chunks) and b"Connection: close" not in data:
                        head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
                        length = re.search(rb"Content-Length: (\d+)", head)
                        if length and len(body) >= int(length.group(1)):
                            break
                        if head.startswith(b"HTTP/1.1 101"):
                            break
            except (TimeoutError, ConnectionResetError):
                pass
            return b"".join(chunks)

    def get(self, path: str, host: str | None = None, headers: str = "") -> tuple[int, bytes]:
        host = host or f"127.0.0.1:{self.port}"
        answer = self.raw(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{headers}Connection: close\r\n\r\n".encode())
        return status_of(answer), answer.partition(b"\r\n\r\n")[2]

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.send_signal(signal.SIGABRT)  # faulthandler prints the stacks into self.lines
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(5)
                time.sleep(0.2)  # the drain thread reads the last lines
        return self.proc.returncode


def status_of(answer: bytes) -> int:
    found = re.match(rb"HTTP/1\.[01] (\d{3})", answer)
    return int(found.group(1)) if found else 0


PREVIEW_FILES: dict[str, str | bytes] = {
    "content/sessions/pembukaan.md": session_md(extra="speakers: [ayu]\n"),
    "content/speakers/ayu.md": SPEAKER,
    "content/speakers/rahasia.md": "---\nname: Tamu Rahasia\ndraft: true\n---\nBelum diumumkan.\n",
}


@pytest.fixture
def preview_site(make_site: Callable[..., Path]) -> Path:
    return make_site(PREVIEW_FILES)


@pytest.fixture
def preview(preview_site: Path) -> Iterator[PreviewProcess]:
    """A server of its own, for tests that change the site while it runs."""
    server = PreviewProcess(preview_site)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewProcess]:
    """One server for every test that only sends requests (starting one costs seconds); each such
    test also checks that it still answers afterwards."""
    root = tmp_path_factory.mktemp("shared-preview") / "site"
    root.mkdir()
    (root / "site.yaml").write_text(MINIMAL_SITE_YAML, encoding="utf-8")
    write_files(root, PREVIEW_FILES)
    server = PreviewProcess(root)
    try:
        yield server
    finally:
        server.stop()


def test_serves_the_site_with_reload_script_in_responses_only(shared: PreviewProcess) -> None:
    status, body = shared.get("/")
    assert status == 200
    assert b'<script src="/livereload.js"></script></head>' in body
    status, js = shared.get("/livereload.js")
    assert status == 200 and b"LiveReload" in js
    assert "Serving the preview on http://127.0.0.1:" in shared.output()
    # The files served are the build as written: no reload script, no overlay, anywhere on disk.
    status, css = shared.get("/__handbill__/preview.css")
    assert status == 200 and b"#handbill-overlay" in css


def test_drafts_are_shown_with_a_banner(shared: PreviewProcess) -> None:
    status, body = shared.get("/pembicara/rahasia/")
    assert status == 200
    assert b'id="handbill-draft"' in body and b"Draf: halaman ini" in body
    status, body = shared.get("/pembicara/ayu/")
    assert status == 200 and b"handbill-draft" not in body


TRAVERSALS = [
    "/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/%252e%252e/%252e%252e/etc/passwd",
    "/..%2f..%2f..%2fetc/passwd",
    "/..\\..\\..\\etc\\passwd",
    "/%5c..%5c..%5cetc%5cpasswd",
    "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/%e0%80%ae%e0%80%ae/etc/passwd",
    "/agenda/%00",
    "/./index.html",
    "//etc/passwd",
    "/%2e%2e",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_in_any_encoding_is_refused_and_server_stays_up(shared: PreviewProcess, path: str) -> None:
    status, body = shared.get(path)
    assert 400 <= status < 500, (status, body[:200])
    assert b"root:" not in body
    assert shared.get("/")[0] == 200


@pytest.mark.parametrize(
    "host",
    ["evil.example", "127.0.0.1", "localhost:1", "127.0.0.1.nip.io:{port}", "127.0.0.1:{port}@evil", "[::2]:{port}"],
)
def test_unknown_host_is_refused(shared: PreviewProcess, host: str) -> None:
    status, _ = shared.get("/", host=host.format(port=shared.port))
    assert status == 400
    assert shared.get("/")[0] == 200


@pytest.mark.parametrize("host", ["localhost:{port}", "127.0.0.1:{port}", "[::1]:{port}", "LOCALHOST:{port}"])
def test_loopback_hosts_are_accepted(shared: PreviewProcess, host: str) -> None:
    assert shared.get("/", host=host.format(port=shared.port))[0] == 200


def test_missing_host_is_refused(shared: PreviewProcess) -> None:
    answer = shared.raw(b"GET / HTTP/1.0\r\n\r\n")
    assert status_of(answer) == 400
    assert shared.get("/")[0] == 200


MALFORMED = [
    b"GARBAGE\r\n\r\n",
    b"GET\r\n\r\n",
    b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64,  # a TLS hello on a plain port
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Long: " + b"a" * 70000 + b"\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n",
    b"GET /\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 99999999\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: {host}\r\nContent-Length: -1\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
]


@pytest.mark.parametrize("request_bytes", MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_requests_get_4xx_and_server_stays_up(shared: PreviewProcess, request_bytes: bytes) -> None:
    answer = shared.raw(request_bytes.replace(b"{host}", f"127.0.0.1:{shared.port}".encode()))
    # tornado answers a malformed request line or header with 400; it closes the connection without an
    # answer on a TLS hello (no request line ever ends) and on a header block over the 16 KB limit.
    if request_bytes.startswith(b"\x16") or len(request_bytes) > 16384:
        assert answer == b"" or 400 <= status_of(answer) < 500, answer[:300]
    else:
        assert 400 <= status_of(answer) < 500, answer[:300]
    assert shared.get("/")[0] == 200
    assert shared.proc.poll() is None


def test_methods_other_than_get_and_head_are_refused(shared: PreviewProcess) -> None:
    host = f"127.0.0.1:{shared.port}"
    for method in ("POST", "PUT", "DELETE"):
        answer = shared.raw(
            f"{method} / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode()
        )
        assert status_of(answer) == 405
    answer = shared.raw(f"HEAD / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
    assert status_of(answer) == 200


def _upgrade(preview: PreviewProcess, origin: str | None, host: str | None = None) -> int:
    lines = [
        "GET /livereload HTTP/1.1",
        f"Host: {host or f'127.0.0.1:{preview.port}'}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
    ]
    if origin is not None:
        lines.append(f"Origin: {origin}")
    return status_of(preview.raw(("\r\n".join(lines) + "\r\n\r\n").encode(), timeout=3))


def test_websocket_refuses_cross_origin_and_accepts_own_pages(shared: PreviewProcess) -> None:
    assert _upgrade(shared, f"http://127.0.0.1:{shared.port}") == 101
    assert _upgrade(shared, f"http://localhost:{shared.port}") == 101
    assert _upgrade(shared, "http://evil.example") == 403
    assert _upgrade(shared, f"http://127.0.0.1:{shared.port + 1}") == 403
    assert _upgrade(shared, "null") == 403
    assert _upgrade(shared, f"http://127.0.0.1:{shared.port}", host="evil.example") == 400
    assert shared.get("/")[0] == 200


def test_symlink_out_of_the_preview_folder_is_not_followed(shared: PreviewProcess, tmp_path: Path) -> None:
    # The server's own folder is private; plant a link in it as an attacker with local access would.
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    folders = [p for p in Path("/tmp").glob("handbill-preview-*/site") if (p / "index.html").exists()]
    planted = []
    for folder in folders:
        link = folder / "leak.txt"
        try:
            link.symlink_to(secret)
            planted.append(link)
        except OSError:
            continue
    try:
        status, body = shared.get("/leak.txt")
        assert 400 <= status < 500 and b"top secret" not in body
    finally:
        for link in planted:
            link.unlink(missing_ok=True)


def test_failed_rebuild_keeps_last_good_site_and_shows_overlay(preview_site: Path) -> None:
    # The panel speaks the editor's message language (here --messages id) on every page (issue 13).
    preview = PreviewProcess(preview_site, "--messages", "id")
    try:
        _failed_rebuild_keeps_last_good_site_and_shows_overlay(preview, preview_site)
    finally:
        preview.stop()


def _failed_rebuild_keeps_last_good_site_and_shows_overlay(preview: PreviewProcess, preview_site: Path) -> None:
    session = preview_site / "content/sessions/pembukaan.md"
    mark = len(preview.lines)
    session.write_text(session_md(extra="speakers: [ayu-lestari]\n"), encoding="utf-8")
    preview.wait_for(r"tidak dikenal", start=mark)
    line = next(x for x in preview.lines[mark:] if "tidak dikenal" in x)
    assert "content/sessions/pembukaan.md:6:12: kesalahan: speakers[0]: pembicara 'ayu-lestari' tidak dikenal" in line
    status, body = preview.get("/agenda/pembukaan/")
    assert status == 200  # the last good page is still served
    assert b'id="handbill-overlay"' in body
    assert b"content/sessions/pembukaan.md (baris 6, posisi karakter ke-12)" in body
    assert b"Perubahan terakhir belum bisa ditampilkan" in body
    status, body = preview.get("/en/agenda/pembukaan/")
    # The panel follows the editor's language, not the page's.
    assert b"Perubahan terakhir belum bisa ditampilkan" in body and b"(baris 6, posisi karakter ke-12)" in body
    # Fixing it removes the overlay.
    mark = len(preview.lines)
    session.write_text(session_md(extra="speakers: [ayu]\n", body="Isi baru."), encoding="utf-8")
    preview.wait_for(r"\d+ halaman dibangun dalam", start=mark)  # the terminal speaks Indonesian too
    status, body = preview.get("/agenda/pembukaan/")
    assert status == 200 and b"handbill-overlay" not in body and b"Isi baru." in body


def test_missing_page_gets_the_sites_404_page(shared: PreviewProcess) -> None:
    status, body = shared.get("/tidak-ada/")
    assert status == 404
    assert b"/livereload.js" in body


def test_editor_debris_never_triggers_a_rebuild(preview: PreviewProcess, preview_site: Path) -> None:
    time.sleep(0.5)
    before = preview.builds()
    folder = preview_site / "content/sessions"
    for name in (".pembukaan.md.swp", "pembukaan.md~", "#pembukaan.md#", "4913", "pembukaan.md.tmp", ".#pembukaan.md"):
        (folder / name).write_text("junk")
    time.sleep(1.0)
    assert preview.builds() == before, preview.output()


def test_built_output_never_contains_the_reload_script(preview_site: Path) -> None:
    result = run_cli("build", "--root", preview_site)
    assert result.returncode == 0, result.stderr
    for page in (preview_site / "_site").rglob("*"):
        if page.is_file():
            assert b"livereload" not in page.read_bytes(), page


def test_port_in_use_is_one_line_and_exit_2(shared: PreviewProcess, preview_site: Path) -> None:
    result = run_cli("serve", "--root", preview_site, "--port", str(shared.port), timeout=30)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith(f"error: port {shared.port} is already in use")
    assert shared.get("/")[0] == 200


@pytest.mark.parametrize("port", ["-1", "65536", "100000"])
def test_port_outside_the_range_is_one_line_and_exit_2(preview_site: Path, port: str) -> None:
    result = run_cli("serve", "--root", preview_site, "--port", port, timeout=30)
    assert (result.returncode, result.stderr) == (
        2,
        f"error: --port {port} is not a port number; use one from 1 to 65535, e.g. --port 8000\n",
    )


#: Request lines that reached tornado's default handler (which could not be built: a traceback and
#: no answer) or slipped past the path checks before: absolute-form, asterisk-form and bare names,
#: raw bytes that are not ASCII, bare CR, NUL.
REQUEST_LINES = [
    b"GET http://evil.example/ HTTP/1.1",
    b"GET http://127.0.0.1:{port}/ HTTP/1.1",
    b"GET http://127.0.0.1:{port}/../../etc/passwd HTTP/1.1",
    b"GET http://127.0.0.1:{port}@evil/ HTTP/1.1",
    b"GET http://[::1 HTTP/1.1",
    b"GET http: HTTP/1.1",
    b"OPTIONS * HTTP/1.1",
    b"GET ../../etc/passwd HTTP/1.1",
    b"GET agenda HTTP/1.1",
    b"GET \\\\evil\\share HTTP/1.1",
    b"GET /\xc0\xae\xc0\xae/etc/passwd HTTP/1.1",
    b"GET /\xe2\x80\xae HTTP/1.1",
    b"GET /%2e%2e%2f%2e%2e%2fetc%2fpasswd HTTP/1.1",
    b"GET /%25%32%65%25%32%65/ HTTP/1.1",
    b"GET /..;/etc/passwd HTTP/1.1",
    b"GET /\r HTTP/1.1",
    b"GET /\x00 HTTP/1.1",
    b"GET / HTTP/1.1\rX-Bare-CR: 1",
    b"CONNECT 127.0.0.1:22 HTTP/1.1",
]


@pytest.mark.parametrize(
    "line", REQUEST_LINES, ids=[x.decode("latin-1").encode("unicode_escape").decode() for x in REQUEST_LINES]
)
def test_request_line_forms_get_4xx_no_traceback(shared: PreviewProcess, line: bytes) -> None:
    mark = len(shared.lines)
    host = f"127.0.0.1:{shared.port}".encode()
    answer = shared.raw(
        line.replace(b"{port}", str(shared.port).encode()) + b"\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n"
    )
    status = status_of(answer)
    assert 400 <= status < 500 or (status == 404 and line.startswith(b"GET /..;")), answer[:300]
    assert shared.get("/")[0] == 200
    time.sleep(0.05)
    assert not any("Traceback" in x for x in shared.lines[mark:]), shared.output()


def test_a_fifo_never_freezes_the_rebuild_thread(preview: PreviewProcess, preview_site: Path) -> None:
    fifo = preview_site / "content/speakers/pipa.md"
    mark = len(preview.lines)
    os.mkfifo(fifo)
    # The watcher looks at regular files only: an edit beside it starts the build that meets it.
    (preview_site / "content/speakers/ayu.md").write_text(SPEAKER.replace("Kurator", "Kurator Tamu"))
    preview.wait_for(r"content/speakers/pipa\.md: error: this is a named pipe", start=mark, timeout=30)
    assert preview.get("/")[0] == 200  # the last good build is still served
    mark = len(preview.lines)
    fifo.unlink()
    (preview_site / "content/speakers/ayu.md").write_text(SPEAKER.replace("Kurator", "Kurator Utama"))
    preview.wait_for(r"built \d+ pages", start=mark, timeout=30)  # the thread is alive: it built again
    status, body = preview.get("/pembicara/ayu/")
    assert status == 200 and b"Kurator Utama" in body


def test_all_interfaces_prints_a_warning(preview_site: Path) -> None:
    server = PreviewProcess(preview_site, "--host", "0.0.0.0")
    try:
        assert "reachable from other computers" in server.output()
        assert server.get("/")[0] == 200
    finally:
        server.stop()


def test_ctrl_c_stops_cleanly_and_removes_the_preview_folder(preview_site: Path) -> None:
    before = set(Path("/tmp").glob("handbill-preview-*"))
    server = PreviewProcess(preview_site)
    created = set(Path("/tmp").glob("handbill-preview-*")) - before
    code = server.stop()
    assert code == 130, server.output()[-3000:]
    assert not any(p.exists() for p in created)
    assert not (preview_site / "_site").exists()  # the preview never writes the site's output folder


def test_sigterm_exits_143(preview_site: Path) -> None:
    server = PreviewProcess(preview_site)
    os.kill(server.proc.pid, signal.SIGTERM)
    assert server.proc.wait(15) == 143
