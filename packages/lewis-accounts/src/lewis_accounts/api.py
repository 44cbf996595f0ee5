"""lewis_accounts's HTTP routes: the signed-in reader's own data."""

from ninja import Router
from ninja.security import django_auth

from lewis_accounts import services
from lewis_accounts.schemas import Profile

router = Router(tags=["me"])


@router.get("/me", response=Profile, auth=django_auth, summary="The signed-in reader")
def get_me(request):
    """The signed-in reader's profile; 401 for guests."""
    return services.profile_of(request.auth)
