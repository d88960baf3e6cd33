from anymail.signals import tracking
from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="newsletters.registration")
def subscribe_at_registration(sender, instance, created, update_fields=None, raw=False, **kwargs):
    """A member who said yes to the Daily Edition at registration receives it.

    Registration records the choice on ``Member.daily_edition``: on the new member, or on the
    existing one when consent comes after signing in with an identity provider.
    """
    if raw or instance.daily_edition is not True:
        return
    if created or (update_fields and "daily_edition" in update_fields):
        from .services.subscriptions import subscribe_new_member

        subscribe_new_member(instance)


@receiver(tracking, dispatch_uid="newsletters.provider_feedback")
def provider_feedback(sender, event, esp_name, **kwargs):
    """A mail provider reported a bounce or a complaint through its webhook."""
    from .services import feedback

    feedback.record(event, esp_name)
