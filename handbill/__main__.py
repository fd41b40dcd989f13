"""`python -m handbill ...`: the same command line as `handbill` and `build.py`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
