from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from . import health


@never_cache
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    status, report = health.readiness()
    return JsonResponse(report, status=status)
