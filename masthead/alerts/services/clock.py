from django.utils import timezone


def now():
    # Used as a seam for tests.
    return timezone.now()
