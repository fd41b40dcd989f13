"""handbill: a static event-microsite generator.  The pipeline is in `handbill.pipeline`."""

from pathlib import Path

__version__ = "0.1.0"

#: The package itself (code and fonts).
PACKAGE_DIR = Path(__file__).resolve().parent
#: The source checkout the package sits in (the repository's top level); in an installed wheel this is
#: site-packages, so nothing but tests and the docs generator should look here.
PROJECT_DIR = PACKAGE_DIR.parent
#: The default theme: templates/ (with the interface strings in templates/i18n/) and assets/.  A site's
#: own templates/ and assets/ are layered over it file by file (pipeline.layered).  The repository keeps
#: them at its top level; the wheel carries them inside the package, in handbill/theme/ (pyproject.toml).
THEME_DIR = PACKAGE_DIR / "theme" if (PACKAGE_DIR / "theme" / "templates").is_dir() else PROJECT_DIR
