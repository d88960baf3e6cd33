"""System checks for the comments settings."""

from django.core import checks

from . import conf


@checks.register()
def check_settings(app_configs, **kwargs):
    errors = []
    for name in ("COMMENTS_MAX_LENGTH", "COMMENTS_EDIT_SECONDS", "COMMENTS_PER_PAGE"):
        value = conf.get(name)
        if not isinstance(value, int) or value <= 0:
            errors.append(checks.Error(f"{name} must be a positive integer.", id="comments.E001"))
    depth = conf.get("COMMENTS_MAX_DEPTH")
    if not isinstance(depth, int) or not 1 <= depth <= 10:
        errors.append(checks.Error("COMMENTS_MAX_DEPTH must be 1 to 10.", id="comments.E002"))
    for name in ("COMMENTS_RATE_LIMITS", "COMMENTS_NEW_ACCOUNT_RATE_LIMITS"):
        limits = conf.get(name)
        if not all(len(limit) == 2 and all(n > 0 for n in limit) for limit in limits):
            errors.append(
                checks.Error(
                    f"{name} must be pairs of (count, seconds), both positive.",
                    id="comments.E003",
                )
            )
    return errors
