"""Small helpers that several apps share.

lib/ imports no app: imports run accounts -> postings -> reports -> assessments -> careers
-> background -> lib (DESIGN.md, "Layout"; tests/test_layers.py), so anything two apps need
lives here.
"""
