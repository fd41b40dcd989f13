"""Run issue 13's table of editor mistakes against a copy of the default site and print `check`'s output.

Usage: python scripts/issue13_cases.py REPO WORK_FOLDER [--messages en]  (docs/editor-messages.md)"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(sys.argv[1])
WORK = Path(sys.argv[2])
extra = sys.argv[3:]
SP = "content/speakers/cecep-rukendi.md"
SE = "content/sessions/laporan-penyelenggara.md"


def sub(path, old, new):
    def f(root):
        p = root / path
        t = p.read_text(encoding="utf-8")
        assert old in t, (path, old)
        p.write_text(t.replace(old, new, 1), encoding="utf-8")

    return f


def raw(path, old, new):
    def f(root):
        p = root / path
        b = p.read_bytes()
        assert old in b
        p.write_bytes(b.replace(old, new, 1))

    return f


def append(path, text):
    def f(root):
        p = root / path
        p.write_text(p.read_text(encoding="utf-8") + text, encoding="utf-8")

    return f


CASES = [
    ("rol: Kurator (typo of role)", sub(SP, "role: Deputi", "rol: Deputi")),
    ("a tab used to indent one line", sub(SP, "order: 2", "\torder: 2")),
    ("title: Ekraf: Masa Depan", sub(SE, "\ntitle: ", "\ntitle: Ekraf: Masa Depan\nx_old_title: ")),
    ("a Windows-1252 é", raw(SP, b"Deputi Bidang", b"D\xe9puti Bidang")),
    ("featured: ya", sub(SP, "featured: true", "featured: ya")),
    ("a time 9.30", None),
    ("[sesi](../sessions/lokakarya-batk.md)", append(SP, "\nLihat juga [sesi](../sessions/lokakarya-batk.md).\n")),
    ("photo: assets/img/logo.svg", sub(SP, "featured: true", "photo: assets/img/logo.svg\nfeatured: true")),
]


def copy():
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    for name in ("site.yaml", "content", "assets", "templates"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, WORK / name)


env = {k: v for k, v in os.environ.items() if k != "HANDBILL_MESSAGES"}
env["PYTHONPATH"] = str(REPO)
for title, change in CASES:
    copy()
    if change is None:  # the start line of the session
        p = WORK / SE
        t = p.read_text()
        t = re.sub(r"\nstart: (\S+) \d\d:\d\d", r"\nstart: \1 9.30", t, count=1)
        p.write_text(t)
    else:
        change(WORK)
    r = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "check", "--root", str(WORK), *extra],
        capture_output=True,
        text=True,
        env=env,
    )
    print(f"### {title}\n$ python build.py check {' '.join(extra)}\n{r.stderr.strip()}\n(exit {r.returncode})\n")
# new session twice, then build
copy()
for slug in ("x", "y"):
    r = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "new", "session", slug, "--root", str(WORK), *extra],
        capture_output=True,
        text=True,
        env=env,
    )
    print(f"$ python build.py new session {slug}\n{(r.stdout + r.stderr).strip()}")
r = subprocess.run(
    [sys.executable, str(REPO / "build.py"), "check", "--root", str(WORK), *extra],
    capture_output=True,
    text=True,
    env=env,
)
print(f"$ python build.py check\n{(r.stdout + r.stderr).strip()}\n(exit {r.returncode})")
