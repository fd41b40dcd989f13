#!/usr/bin/env python3
"""Entry point: `python build.py [build|check|serve|new] ...` (see README.md)."""

import sys

try:
    from handbill.cli import entry
except KeyboardInterrupt:  # Ctrl-C while Python is still importing: nothing was written yet
    sys.exit(130)

if __name__ == "__main__":
    entry()
