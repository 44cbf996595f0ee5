"""Start-up checks: a backend that cannot work here stops `check` (and boot), not a request."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.test import override_settings

POSTGRES = "lewis_ranking.backends.postgres.PostgresRanker"


@pytest.mark.parametrize(
    ("misconfigured", "error_id"),
    [
        ("lewis_ranking.backends.nowhere.Ranker", "lewis_ranking.E001"),
        ("lewis_ranking.models.ProjectedDocument", "lewis_ranking.E002"),
    ],
)
def test_a_misconfigured_backend_fails_the_system_check(misconfigured, error_id):
    with (
        override_settings(LEWIS_RANKING={"BACKEND": misconfigured}),
        pytest.raises(SystemCheckError, match=error_id),
    ):
        call_command("check")


def test_the_postgres_backend_is_refused_on_other_databases():
    with override_settings(LEWIS_RANKING={"BACKEND": POSTGRES}):
        if connection.vendor == "postgresql":
            call_command("check")
        else:
            with pytest.raises(SystemCheckError, match=r"lewis_ranking\.E004"):
                call_command("check")
