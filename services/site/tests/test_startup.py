"""Swap-points are validated at start-up: a bad dotted path stops check and boot."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from lewis_site.startup import verify_swap_points

BAD = {"BACKEND": "lewis_ranking.backends.imaginary.Ranker"}


def test_the_shipped_configuration_passes():
    verify_swap_points()
    call_command("check")


def test_a_bad_backend_path_fails_manage_check():
    with (
        override_settings(LEWIS_RANKING=BAD),
        pytest.raises(SystemCheckError, match=r"lewis_ranking\.E001"),
    ):
        call_command("check")


def test_a_bad_backend_path_stops_the_web_and_worker_processes_at_boot():
    with (
        override_settings(LEWIS_TAGGING={"DRAFTER": "nowhere.Drafter"}),
        pytest.raises(ImproperlyConfigured, match=r"lewis_tagging\.E001"),
    ):
        verify_swap_points()


@pytest.mark.parametrize("entry_point", ["lewis_site.wsgi", "lewis_site.asgi"])
def test_the_server_entry_points_refuse_to_boot_misconfigured(entry_point):
    site_dir = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", f"import {entry_point}"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.misconfigured_settings",
            "PYTHONPATH": str(site_dir),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "lewis_ranking.E001" in result.stderr
