from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.module_loading import import_string


@register(Tags.compatibility)
def check_alert_settings(app_configs, **kwargs):
    """The VAPID keys load and agree; the sender imports; quiet hours parse."""
    from . import keys, services

    errors = []
    try:
        ring = keys.keyring()
    except Exception as error:  # any malformed key is reported, not raised
        return [Error(f"VAPID keys cannot be loaded: {error}", id="alerts.E001")]
    public = settings.ALERTS_VAPID_PUBLIC_KEY
    if public and public != ring.current.application_server_key:
        errors.append(
            Error(
                "VAPID_PUBLIC_KEY does not belong to VAPID_PRIVATE_KEY.",
                hint="Leave VAPID_PUBLIC_KEY unset: it is derived from the private key.",
                id="alerts.E002",
            )
        )
    try:
        import_string(settings.ALERTS_SENDER)
    except ImportError as error:
        errors.append(Error(f"ALERTS_SENDER cannot be imported: {error}", id="alerts.E003"))
    for audience, window in settings.ALERTS_QUIET_HOURS.items():
        try:
            services.parse_hhmm(window[0]), services.parse_hhmm(window[1])
        except (ValueError, IndexError, AttributeError):
            errors.append(
                Error(f"ALERTS_QUIET_HOURS for {audience!r} is not HH:MM-HH:MM.", id="alerts.E004")
            )
    return errors
