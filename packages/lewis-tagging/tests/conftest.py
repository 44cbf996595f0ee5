import pytest

from lewis_tagging.models import Axis, Tag
from tests.fake_anthropic import FakeAnthropic


@pytest.fixture
def tags(db):
    """A small taxonomy on the seeded axes: name -> Tag."""
    theme, motif = Axis.objects.get(slug="theme"), Axis.objects.get(slug="motif")
    stage = Axis.objects.get(slug="life-stage")
    return {
        "grief": Tag.objects.create(
            axis=theme,
            slug="grief",
            label="Grief",
            description="Sorrow at a loss, above all a death.",
            keywords="mourning, bereavement",
        ),
        "joy": Tag.objects.create(axis=theme, slug="joy", label="Joy", keywords="longing"),
        "the-lion": Tag.objects.create(axis=motif, slug="the-lion", label="The lion"),
        "widowhood": Tag.objects.create(axis=stage, slug="widowhood", label="Widowhood"),
    }


@pytest.fixture
def anthropic_api(settings, tags):
    """The Anthropic drafter configured, its SDK client talking to a fake API."""
    fake = FakeAnthropic()
    settings.LEWIS_TAGGING = {
        "DRAFTER": "lewis_tagging.drafters.anthropic.AnthropicDrafter",
        "ANTHROPIC": {
            "API_KEY": "sk-ant-test",
            "MODEL": "claude-sonnet-4-6",
            "MAX_TOKENS": 700,
            "TIMEOUT_SECONDS": 5,
            "HTTP_CLIENT": fake.http_client,
        },
        "MONTHLY_BUDGET_USD": "10",
    }
    return fake
