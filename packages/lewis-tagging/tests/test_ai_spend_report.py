"""The AI spend report in the Wagtail admin."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from lewis_tagging.models import AIUsage

pytestmark = pytest.mark.django_db

REPORT = "/cms/reports/ai-spend/"


@pytest.fixture
def usage_rows(settings):
    settings.LEWIS_TAGGING = {"MONTHLY_BUDGET_USD": "20"}
    for cost in ("2.50", "2.50"):
        AIUsage.objects.create(
            drafter="anthropic:claude-sonnet-4-6",
            model="claude-sonnet-4-6",
            input_tokens=1200,
            output_tokens=300,
            cache_read_tokens=40000,
            cost_usd=Decimal(cost),
        )


def test_a_superuser_sees_spend_by_month_in_the_reports_menu(client, usage_rows):
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "pw"))

    response = client.get(REPORT)

    assert response.status_code == 200
    html = response.content.decode()
    assert "AI spend" in html
    assert f"{timezone.localdate():%B %Y}" in html
    assert "$5.00" in html
    assert "25.0 %" in html  # of the $20 budget
    assert "2,400" in html  # input tokens
    assert "80,000" in html  # cache-read tokens
    assert "This month $5.00 of a $20.00 monthly budget" in html
    assert REPORT in client.get("/cms/").content.decode()  # the Reports menu links to it


def test_the_report_downloads_as_csv(client, usage_rows):
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "pw"))

    response = client.get(REPORT, {"export": "csv"})

    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == (
        "Month,Calls,Input tokens,Output tokens,Cache-read tokens,Cache-write tokens,"
        "Cost (USD),% of budget"
    )
    assert ",2,2400,600,80000,0,5.000000,25.0" in lines[1]


def test_editors_without_the_permission_neither_see_nor_open_it(client, usage_rows):
    editor = User.objects.create_user("editor", "ed@example.org", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    assert client.get(REPORT).status_code in (302, 403)
    assert REPORT not in client.get("/cms/").content.decode()

    editor.user_permissions.add(Permission.objects.get(codename="view_aiusage"))
    editor = User.objects.get(pk=editor.pk)  # forget the cached permissions
    client.force_login(editor)
    assert client.get(REPORT).status_code == 200


def test_an_empty_report_renders(client):
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "pw"))
    response = client.get(REPORT)
    assert response.status_code == 200
    assert "This month $0.00" in response.content.decode()
