"""Start-up validation of LEWIS_TAGGING: a bad drafter fails `check` and boot, not a request."""

from django.core.checks import Error, register

from lewis_tagging.conf import drafter, tagging_settings
from lewis_tagging.types import TagDrafter


@register("lewis")
def check_tag_drafter(app_configs, **kwargs) -> list[Error]:
    path = tagging_settings()["DRAFTER"]
    try:
        configured = drafter()
    except Exception as exc:
        return [
            Error(
                f"LEWIS_TAGGING['DRAFTER'] = {path!r} cannot be loaded: {exc!r}",
                id="lewis_tagging.E001",
            )
        ]
    if not isinstance(configured, TagDrafter):
        return [
            Error(
                f"LEWIS_TAGGING['DRAFTER'] = {path!r} does not implement TagDrafter.",
                id="lewis_tagging.E002",
            )
        ]
    return []
