"""``make bench``: measured speed at two sizes (see BENCHMARKS.md).

The parent process (``manage.py bench``) runs one child process per size, each
against a fresh database of its own, and prints their results as one JSON object.
"""
