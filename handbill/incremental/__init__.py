"""Incremental builds: what makes reusing the work of an earlier build exact (INVARIANTS.md).

    racy        timestamp windows: when a file's size and time are not enough
    store       the cache folder's files (confined, JSON and raw bytes only); share images, calendar events
    resident    cache files this process wrote or read, kept decoded by the digest of their bytes (the preview)
    tracking    what a page read
    snapshot    the one read of the templates that Jinja and the page cache's key both use
    compiled    templates compiled once per process, not once per build (the preview)
    yamlcache   parsed front matter
    memo        nothing changed at all: nothing to do
    cache       pages and bodies of the previous build

Imports nothing: the command line imports `memo` (standard library only) before the generator.
"""
