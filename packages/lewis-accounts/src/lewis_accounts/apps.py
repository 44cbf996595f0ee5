from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lewis_accounts"
    label = "lewis_accounts"
    verbose_name = "Accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # allauth 65.22 imports cryptography lazily and reads
        # `cryptography.hazmat.primitives.serialization` as an attribute, which exists only
        # once something has imported it: without this the first sign-in of a process that has
        # not answers 500.
        import cryptography.hazmat.primitives.serialization  # noqa: F401
