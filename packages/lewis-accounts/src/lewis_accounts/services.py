"""The public surface of lewis_accounts: the only module other packages import."""

from lewis_accounts.models import User
from lewis_accounts.schemas import Profile

__all__ = ["Profile", "profile_of"]


def profile_of(user: User) -> Profile:
    return Profile(id=user.pk, email=user.email, display_name=user.display_name)
