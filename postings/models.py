"""A job posting someone pasted, the skills it asks for, and the phrases nothing matched."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from careers.models import Career, Level, Skill
from lib.anonymous import OwnerOrSessionQuerySet

TITLE_MAX = 200
PHRASE_MAX = 80


class PostingQuerySet(OwnerOrSessionQuerySet["Posting"]):
    """Owned, or pasted by an anonymous browser session (lib.anonymous)."""


class Posting(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="postings",
        help_text="Empty while anonymous: the browser session holds it until sign-up.",
    )
    title = models.CharField(max_length=TITLE_MAX)
    company = models.CharField(max_length=TITLE_MAX, blank=True)
    text = models.TextField()
    career = models.ForeignKey(
        Career,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postings",
        help_text="The career whose requirements best cover the skills asked.",
    )
    level = models.ForeignKey(
        Level,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postings",
        help_text="The level the wording implies (years asked, seniority words).",
    )
    level_reasons = models.CharField(
        max_length=TITLE_MAX, blank=True, help_text='Why: the words that imply it ("5+ years").'
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        indexes = [
            # "My postings" lists a user's postings, newest first.
            models.Index(fields=["owner", "-created"], name="posting_owner_created"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="posting_title_not_empty"),
            models.CheckConstraint(condition=~Q(text=""), name="posting_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.owner or 'anonymous'}"

    def get_absolute_url(self) -> str:
        return reverse("postings:detail", args=[self.uuid])


class Source(models.TextChoices):
    NAME = "name", "skill name"
    ALIAS = "alias", "alias"
    LABEL = "label", "crosswalk label"
    RULE = "rule", "paraphrase rule"


class PostingSkill(models.Model):
    """A skill the posting asks for, with the character spans of the text that ask."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="posting_skills")
    required = models.BooleanField(help_text="False: only under nice-to-have / preferred.")
    evidence = models.JSONField(help_text="[[start, end], …]: spans of the posting's text.")
    matched = models.CharField(max_length=TITLE_MAX, help_text="The text of the first span.")
    source = models.CharField(max_length=8, choices=Source.choices)

    class Meta:
        constraints = [
            # One row per skill a posting asks for; the page and the gap read it so.
            models.UniqueConstraint(fields=["posting", "skill"], name="postingskill_unique"),
            models.CheckConstraint(
                condition=Q(source__in=Source.values), name="postingskill_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.posting_id}: {self.skill_id} ({'required' if self.required else 'preferred'})"
        )


class UnmatchedPhrase(models.Model):
    """A skill-like phrase postings used that matched no skill: how often, never where.

    Only the phrase and a count are kept (no posting, no owner, no text around it), so
    curators can see what to add as an alias without reading anyone's posting.
    """

    phrase = models.CharField(max_length=PHRASE_MAX, unique=True)
    count = models.PositiveIntegerField(default=0)
    last_seen = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "unmatched phrase"
        indexes = [
            # Curators read the most frequent first.
            models.Index(fields=["-count"], name="unmatchedphrase_count"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(phrase=""), name="unmatchedphrase_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.phrase} ({self.count})"
