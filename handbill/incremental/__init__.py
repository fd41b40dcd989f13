"""Incremental builds: what makes reusing the work of an earlier build exact.  INVARIANTS.md lists the
rules; `snapshot` holds the one read of the templates that both Jinja and the page cache's key use.
The machinery itself: memo.py (nothing changed), cache.py (page cache), tracking.py (what a page
read), store.py (share images, calendar events), yamlsafe.YamlCache (front matter)."""
