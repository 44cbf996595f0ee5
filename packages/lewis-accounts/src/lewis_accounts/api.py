"""lewis_accounts's HTTP routes: the signed-in reader's own data. Every operation needs a Bearer
access token from allauth's app endpoints (`/_allauth/app/v1/`); none reads a session cookie."""

from ninja import Router

from lewis_accounts import services
from lewis_accounts.auth import bearer
from lewis_accounts.schemas import Profile, ProfileChange

router = Router(tags=["me"], auth=bearer)


@router.get("/me", response=Profile, summary="The signed-in reader")
def get_me(request):
    """The signed-in reader's profile."""
    return services.profile_of(request.user)


@router.patch("/me", response=Profile, summary="Change the reader's profile")
def update_me(request, change: ProfileChange):
    return services.update_profile(request.user, **change.model_dump(exclude_unset=True))
