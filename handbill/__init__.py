"""handbill: a static event-microsite generator.  The pipeline is in `handbill.pipeline`."""

from pathlib import Path

__version__ = "0.1.0"

#: The project folder: its templates/ and assets/ serve sites built with --root that lack their own.
PROJECT_DIR = Path(__file__).resolve().parent.parent
