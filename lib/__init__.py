"""Small helpers that several apps share.

lib/ imports no app: imports run accounts -> postings -> reports -> assessments -> careers
-> lib (DESIGN.md, "Layout"), so anything two apps need lives here.
"""
