import pytest
from django.contrib.auth import get_user_model
from ninja.testing import TestClient

from lewis_accounts.api import router
from lewis_accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_project_user_model_is_ours():
    assert get_user_model() is User


def test_guests_have_no_profile():
    assert TestClient(router).get("/me").status_code == 401


def test_a_signed_in_reader_sees_their_own_profile():
    reader = User.objects.create_user("clive", "clive@example.org", "pw", display_name="Jack")
    response = TestClient(router).get("/me", user=reader)
    assert response.status_code == 200
    assert response.json() == {
        "id": reader.pk,
        "email": "clive@example.org",
        "display_name": "Jack",
    }
