"""The code on the site's pages: every executed block and every static ``pycon`` example.

This file holds no tests itself: ``tests/docs/conftest.py`` collects it as one collector per page
of ``docs/`` (in nav order) with one item per executed Python block (run in its page's session,
as markdown-exec runs it at build time) and per static ``pycon`` example (checked as a doctest).
Failures are reported at the Markdown file and line. One page: ``pytest tests/docs/test_page_code.py
-k forget-gate``.
"""
