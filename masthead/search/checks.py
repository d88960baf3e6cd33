from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.module_loading import import_string


@register(Tags.compatibility)
def check_search_settings(app_configs, **kwargs):
    """SEARCH_BACKEND names an importable class; the ranking knobs are in range."""
    errors = []
    try:
        import_string(settings.SEARCH_BACKEND["CLASS"])
    except (ImportError, KeyError, TypeError) as error:
        errors.append(
            Error(f"SEARCH_BACKEND['CLASS'] cannot be imported: {error}", id="masthead_search.E001")
        )
    if not 0 <= settings.SEARCH_RECENCY_WEIGHT <= 1:
        errors.append(
            Error("SEARCH_RECENCY_WEIGHT must be between 0 and 1.", id="masthead_search.E002")
        )
    if settings.SEARCH_RECENCY_HALF_LIFE_DAYS <= 0:
        errors.append(
            Error("SEARCH_RECENCY_HALF_LIFE_DAYS must be positive.", id="masthead_search.E003")
        )
    return errors
