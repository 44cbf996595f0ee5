"""The public surface of lewis_accounts: the only module other packages import."""

from lewis_accounts.models import User
from lewis_accounts.schemas import Profile

__all__ = ["Profile", "profile_of", "update_profile"]


def profile_of(user: User) -> Profile:
    return Profile(id=user.pk, email=user.email, display_name=user.display_name)


def update_profile(user: User, *, display_name: str | None = None) -> Profile:
    if display_name is not None:
        user.display_name = display_name.strip()
        user.save(update_fields=["display_name"])
    return profile_of(user)
