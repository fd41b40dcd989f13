"""`python -m handbill ...`: the same command line as `handbill` and `build.py`."""

from .cli import entry

if __name__ == "__main__":
    entry()
