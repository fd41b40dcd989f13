"""Contract group 13, the preview server, against one real `build.py serve` (tests/unit/test_serve_http.py
has the full request matrix): 127.0.0.1 by default, only the output folder served, `..` in any
encoding, malformed requests and unknown Host headers get 4xx and the server stays up, the
live-reload script never reaches the deployed output, a port in use is one clear line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_SITE_YAML, run_cli, write_files
from tests.unit.test_serve_http import PREVIEW_FILES, PreviewProcess, status_of


@pytest.fixture(scope="module")
def preview_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("contract-preview") / "site"
    root.mkdir()
    (root / "site.yaml").write_text(MINIMAL_SITE_YAML, encoding="utf-8")
    write_files(root, PREVIEW_FILES)
    return root


@pytest.fixture(scope="module")
def server(preview_root: Path) -> Iterator[PreviewProcess]:
    process = PreviewProcess(preview_root)
    try:
        yield process
    finally:
        process.stop()


def test_13_binds_loopback_by_default(server: PreviewProcess) -> None:
    assert f"Serving the preview on http://127.0.0.1:{server.port}/" in server.output()
    assert "reachable from other computers" not in server.output()


@pytest.mark.parametrize(
    "path",
    ["/../site.yaml", "/%2e%2e/site.yaml", "/%252e%252e/site.yaml", "/%c0%ae%c0%ae/site.yaml", "/..%5csite.yaml"],
)
def test_13_dot_dot_in_any_encoding_is_4xx_and_the_server_stays_up(server: PreviewProcess, path: str) -> None:
    status, body = server.get(path)
    assert status == 400 and b"title:" not in body
    assert server.get("/")[0] == 200


def test_13_unknown_host_is_4xx(server: PreviewProcess) -> None:
    assert server.get("/", host="attacker.example")[0] == 400
    assert server.get("/")[0] == 200


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GARBAGE\r\n\r\n",
        b"GET http://attacker.example/ HTTP/1.1\r\nHost: {host}\r\n\r\n",
        b"OPTIONS * HTTP/1.1\r\nHost: {host}\r\n\r\n",
    ],
    ids=["garbage", "absolute-form", "asterisk"],
)
def test_13_malformed_requests_are_4xx_and_the_server_stays_up(server: PreviewProcess, request_bytes: bytes) -> None:
    answer = server.raw(request_bytes.replace(b"{host}", f"127.0.0.1:{server.port}".encode()))
    assert 400 <= status_of(answer) < 500, answer[:200]
    assert server.get("/")[0] == 200
    assert "Traceback" not in server.output()


def test_13_serves_only_the_output_folder(server: PreviewProcess) -> None:
    for path in ("/site.yaml", "/content/speakers/ayu.md"):
        assert server.get(path)[0] == 404


def test_13_live_reload_never_reaches_the_deployed_output(preview_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "deployed"
    result = run_cli("build", "--root", preview_root, "--out", out)
    assert result.returncode == 0, result.stderr
    assert not [p for p in out.rglob("*") if p.is_file() and b"livereload" in p.read_bytes()]


def test_13_port_in_use_is_one_clear_line(server: PreviewProcess, preview_root: Path) -> None:
    result = run_cli("serve", "--root", preview_root, "--port", str(server.port), timeout=60)
    assert result.returncode == 2
    assert result.stderr == (
        f"error: port {server.port} is already in use on 127.0.0.1 (is another preview running?); "
        f"stop it or choose another port, e.g. --port {server.port + 1}\n"
    )
