"""Every download names its file so that browsers keep the name, whatever its letters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lib.http import content_disposition
from tests.html import FALLBACK, name_a_browser_keeps


def test_a_plain_name_is_sent_as_it_is() -> None:
    header = content_disposition("skillgap-alice-2026-12-01.json")
    assert header == 'attachment; filename="skillgap-alice-2026-12-01.json"'


def test_a_name_in_another_alphabet_keeps_its_letters_and_has_an_ascii_fallback() -> None:
    header = content_disposition("skillgap-用户名字-2026-12-01.json")
    assert header == (
        'attachment; filename="skillgap-_-2026-12-01.json"; '
        "filename*=UTF-8''skillgap-%E7%94%A8%E6%88%B7%E5%90%8D%E5%AD%97-2026-12-01.json"
    )
    assert content_disposition("José.csv").startswith('attachment; filename="Jose.csv"; ')


@given(st.text(min_size=1, alphabet=st.characters(exclude_categories=["Cs"])))
def test_any_name_comes_back_whole_from_an_ascii_header(name: str) -> None:
    header = content_disposition(name)
    assert header.isascii()
    assert "\r" not in header and "\n" not in header
    assert FALLBACK.match(header)
    assert name_a_browser_keeps(header) == name
