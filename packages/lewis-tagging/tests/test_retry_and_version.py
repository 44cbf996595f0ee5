"""What a caller's retry schedule and drafting cache key rely on: the provider's asked-for wait,
and a taxonomy version that follows every change a drafter would see."""

import pytest

from lewis_tagging import services
from lewis_tagging.models import Axis, Tag
from tests.fake_anthropic import error, message

pytestmark = pytest.mark.django_db

TEXT = "No one ever told me that grief felt so like fear."


@pytest.mark.parametrize(
    ("headers", "asked"),
    [
        ({"retry-after": "Wed, 21 Oct 2026 07:28:00 GMT"}, None),  # a date: the caller decides
        ({"retry-after": "-5"}, 0.0),  # never a negative wait
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),  # the finer header wins
        ({}, None),
    ],
)
def test_the_providers_asked_for_wait_reaches_the_caller_as_seconds(anthropic_api, headers, asked):
    anthropic_api.reply(error(429, "rate_limit_error", headers=headers), message([]))

    with pytest.raises(services.DraftingUnavailable) as raised:
        services.draft_for_text(TEXT, fallback=False)

    assert raised.value.retry_after == asked


def test_the_taxonomy_version_changes_when_a_tag_is_removed_renamed_or_moved(tags):
    versions = [services.taxonomy_version()]

    def changed() -> bool:
        versions.append(services.taxonomy_version())
        return versions[-1] != versions[-2]

    tags["widowhood"].delete()
    assert changed()
    joy = tags["joy"]
    joy.slug = "gladness"
    joy.save()
    assert changed()
    joy.axis = Axis.objects.get(slug="motif")
    joy.save()
    assert changed()
    theme = Axis.objects.get(slug="theme")
    theme.label = "Themes"
    theme.save()
    assert changed()
    assert Tag.objects.count() == 3
