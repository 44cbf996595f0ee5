"""Shared by the tag review tests (drafting, review actions, the publish gate).

Its fixtures are what `from tests.tagreview_fixtures import *` brings (see __all__); the helpers
and constants are imported by name.
"""

import pytest
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from lewis_content.models import PassageTag
from lewis_tagging import conf as tagging_conf
from lewis_tagging.types import TagSuggestion
from tests import fake_drafter

__all__ = ["committed", "drafter", "grief"]

PASSAGES = "/cms/snippets/lewis_content/passage/"
REVIEW = "/cms/tag-review/"


@pytest.fixture
def drafter(settings):
    """The scripted drafter configured (a paid one, with prices and a $10 monthly budget);
    returns its script: `drafter.reply(...)` sets its answers, `drafter.texts` is what it read."""
    fake_drafter.script.reset()
    settings.LEWIS_TAGGING = {
        "DRAFTER": fake_drafter.PATH,
        "PRICES": fake_drafter.PRICES,
        "MONTHLY_BUDGET_USD": "10",
    }
    settings.LEWIS_CONTENT = {"DRAFT_ATTEMPTS": 3, "DRAFT_RETRY_SECONDS": 0}
    tagging_conf.drafter.cache_clear()  # (changing the setting clears it too)
    yield fake_drafter.script
    fake_drafter.script.reset()
    tagging_conf.drafter.cache_clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a commit runs (here: the drafting task, eagerly), as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def grief(tag):
    return tag("theme", "Grief")


def suggestion(tag, confidence=0.9, rationale="Says 'grief'."):
    return TagSuggestion(tag_id=tag.pk, confidence=confidence, rationale=rationale)


FORM_TEXT = "<p>Grief felt so like fear.</p>"

# Nothing in it for a drafter to find.
UNTAGGED_TEXT = "<p>Of pipe smoke.</p>"
UNTAGGED = {"title": "Pipes", "live": False, "body": [("paragraph", UNTAGGED_TEXT)]}


def passage_form(passage, text=FORM_TEXT, **extra):
    return nested_form_data(
        {
            "title": passage.title,
            "work": passage.work_id,
            "chapter": "",
            "position": passage.position,
            "register": passage.register_id,
            "provenance": "lewis",
            "author_byline": "",
            "tier": "free",
            "body": streamfield([("paragraph", rich_text(text))]),
            **extra,
        }
    )


def drafted_passage(committed, make_passage):
    """A passage with the text the edit form sends, drafted (offline): 'grief' is suggested."""
    with committed():
        passage = make_passage(live=False, body=[("paragraph", FORM_TEXT)])
    return passage, PassageTag.objects.get(passage=passage, status="suggested")


def group_member(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, password="pw")
    user.groups.add(Group.objects.get(name=group))
    return user


def moderator(django_user_model):
    return group_member(django_user_model, "moderator", "Moderators")
