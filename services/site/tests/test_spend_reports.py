"""Paid services' spend in the CMS's Reports menu: one report per meter, the same mechanism."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from lewis_audio.models import AudioUsage
from lewis_tagging.models import AIUsage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    return client


def test_audio_and_ai_spend_are_reported_by_month_against_their_budgets(admin_client, settings):
    settings.LEWIS_AUDIO = {**settings.LEWIS_AUDIO, "MONTHLY_BUDGET_USD": "40"}
    AudioUsage.objects.create(
        provider="elevenlabs",
        voice="cloned-voice",
        characters=12_000,
        cost_usd=Decimal("3.60"),
        reading="a" * 64,
    )
    AIUsage.objects.create(drafter="anthropic", model="claude-sonnet-4-6", cost_usd=Decimal("1"))
    month = f"{timezone.localdate():%B %Y}"

    audio = admin_client.get("/cms/reports/audio-spend/").content.decode()
    assert "Audio spend" in audio
    assert month in audio
    assert "12,000" in audio  # characters billed
    assert "$3.60" in audio
    assert "9.0 %" in audio  # of $40
    assert "This month $3.60 of a $40.00 monthly budget" in audio

    ai = admin_client.get("/cms/reports/ai-spend/").content.decode()
    assert "AI spend" in ai
    assert "$1.00" in ai

    menu = admin_client.get("/cms/").content.decode()
    assert "/cms/reports/audio-spend/" in menu
    assert "/cms/reports/ai-spend/" in menu


def test_the_reports_are_closed_to_editors_without_the_permission(client):
    from django.contrib.auth.models import Permission

    editor = get_user_model().objects.create_user("ed", "ed@example.org", "x", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get("/cms/reports/audio-spend/").status_code in (302, 403)
