"""Start-up validation of LEWIS_TAGGING: a bad drafter fails `check` and boot, not a request."""

from decimal import Decimal, InvalidOperation

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


@register("lewis")
def check_budget(app_configs, **kwargs) -> list[Error]:
    value = tagging_settings()["MONTHLY_BUDGET_USD"]
    try:
        valid = Decimal(str(value)) >= 0
    except InvalidOperation:
        valid = False
    if valid:
        return []
    return [
        Error(
            f"LEWIS_TAGGING['MONTHLY_BUDGET_USD'] = {value!r} is not an amount of USD >= 0.",
            id="lewis_tagging.E003",
        )
    ]
