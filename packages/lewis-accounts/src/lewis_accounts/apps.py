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
        from django.db.models.signals import pre_delete

        from lewis_accounts.models import User
        from lewis_accounts.tokens import end_sessions_of

        # However a user is deleted (the API, the Django admin's bulk delete, a shell), their
        # sessions end first, and with them their tokens (the Bearer check reads no user row).
        pre_delete.connect(
            lambda sender, instance, **kwargs: end_sessions_of(instance),
            sender=User,
            dispatch_uid="lewis_accounts:end_sessions_of_deleted_user",
            weak=False,
        )
