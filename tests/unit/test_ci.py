"""CI and publishing: the README's two commands, .ci/run, the GitHub workflow (valid against SchemaStore's
workflow schema, which check-jsonschema ships, and doing what docs/deploy.md says), and the deploy docs."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from handbill.formats.headers import nginx_snippet
from tests.conftest import PROJECT

WORKFLOWS = sorted((PROJECT / ".github" / "workflows").glob("*.yml"))
LOCKED = "pip install -c requirements/constraints.txt -e"


def readme_commands() -> list[str]:
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```\n(.*?)```", text, re.S)
    assert block, "README.md starts with a code block"
    return block.group(1).splitlines()


def test_readme_starts_with_two_commands_build_and_test_with_the_lock() -> None:
    build, test = readme_commands()
    assert build == f"{LOCKED} . && python build.py"
    assert test == f"{LOCKED} '.[test]' && python -m pytest"


def test_ci_run_is_the_readme_test_command_after_system_packages() -> None:
    lines = [line for line in (PROJECT / ".ci/run").read_text().splitlines() if line and not line.startswith("#")]
    assert lines[-1] == readme_commands()[1]
    assert any("apt-get install" in line and "chromium" in line and "default-jre-headless" in line for line in lines)


def check_workflow(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_workflows_are_valid() -> None:
    assert WORKFLOWS
    for path in WORKFLOWS:
        result = check_workflow(path)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_validator_rejects_a_broken_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("name: x\non: pushh\njobs:\n  a:\n    steps:\n      - run: echo\n")
    result = check_workflow(bad)
    assert result.returncode == 1
    assert "'runs-on' is a required property" in result.stdout and "'pushh'" in result.stdout


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    data = yaml.safe_load((PROJECT / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job["steps"])


def test_workflow_tests_and_builds_strictly_on_pushes_and_pull_requests(workflow: dict[Any, Any]) -> None:
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers
    build = workflow["jobs"]["build"]
    runs = [s.get("run", "") for s in steps(build)]
    assert "bash .ci/run" in runs
    assert any(r.startswith("python build.py build --strict --base-url") for r in runs)
    assert build["env"]["HANDBILL_E2E_ALL_PAGES"] == "1"  # CI's deploy job checks every page in the browser
    assert runs.index("bash .ci/run") < next(i for i, r in enumerate(runs) if "build.py build" in r)


def test_workflow_restores_and_saves_the_build_cache(workflow: dict[Any, Any]) -> None:
    used = {s.get("uses", "").split("@")[0]: s for s in steps(workflow["jobs"]["build"])}
    restore, save = used["actions/cache/restore"], used["actions/cache/save"]
    assert restore["with"]["path"] == save["with"]["path"] == ".handbill-cache"
    assert restore["with"]["key"] == save["with"]["key"]
    assert "constraints.txt" in restore["with"]["key"] and restore["with"]["restore-keys"]


def test_only_pushes_to_main_publish(workflow: dict[Any, Any]) -> None:
    main_only = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    upload = next(s for s in steps(workflow["jobs"]["build"]) if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["if"] == main_only and upload["with"]["path"] == "_site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["if"] == main_only and deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["permissions"] == {"contents": "read"}  # the build job itself can write nothing


def test_deploy_docs_carry_the_generated_nginx_rules_and_every_host() -> None:
    text = (PROJECT / "docs/deploy.md").read_text(encoding="utf-8")
    snippet = textwrap.indent(nginx_snippet("/"), "    ")  # inside the server block
    assert snippet in text, "docs/deploy.md: paste handbill.formats.headers.nginx_snippet('/') again"
    for host in ("GitHub Pages", "Netlify", "Cloudflare Pages", "GitLab Pages", "S3", "nginx"):
        assert f"## {host}" in text, host
    assert "docs/deploy.md" in (PROJECT / "README.md").read_text(encoding="utf-8")
