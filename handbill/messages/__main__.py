"""`python -m handbill.messages`: regenerate the message table of docs/editor-messages.md."""

from __future__ import annotations

from pathlib import Path

from . import DOC_FILE, update_docs

if __name__ == "__main__":
    changed = update_docs(Path.cwd())
    print(f"{DOC_FILE}: {'updated' if changed else 'up to date'}")
