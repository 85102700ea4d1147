"""Posting pages over the seed taxonomy, whose aliases overlap as real careers' do."""

from __future__ import annotations

import pytest

from postings.models import Posting
from tests import html
from tests.conftest import logged_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_phrase_that_asks_for_two_skills_shows_the_posting_with_both(seed: None) -> None:
    """The phrase "distributed training" asks for deep learning and for distributed systems: the two
    matches share one span, which once made the page compare two skills and answer 500."""
    client = logged_in(UserFactory())
    response = client.post(
        "/postings/new/", {"text": "We need someone to run distributed training."}
    )
    posting = Posting.objects.get(uuid=response["Location"].strip("/").split("/")[-1])
    asked = set(posting.skills.values_list("skill__slug", flat=True))
    assert {"deep-learning", "distributed-systems"} <= asked
    page = client.get(posting.get_absolute_url())
    assert page.status_code == 200
    assert html.texts(page, "#posting-text mark") == ["distributed training"]
