"""The site's settings with one swap-point pointing nowhere (for the boot-failure test)."""

from lewis_site.settings import *  # noqa: F403

LEWIS_RANKING = {"BACKEND": "lewis_ranking.backends.imaginary.Ranker"}
