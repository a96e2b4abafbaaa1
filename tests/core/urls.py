"""The site's URLs plus views that fail on purpose, for tests of the error pages."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_protect
from django_ratelimit.decorators import ratelimit

from apps.core.models import CacheEntry
from site_project.urls import handler400, handler403, handler404, handler500  # noqa: F401


def bad(request):
    raise SuspiciousOperation("tampered input")


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug")


def reads_dynamodb(request):
    try:
        CacheEntry.get("anything")
    except CacheEntry.DoesNotExist:
        return HttpResponse("read")
    return HttpResponse("found")


def busy(request):
    return HttpResponse("come back later", status=503)  # forgets Retry-After


def stores_a_huge_number(request):
    # DynamoDB stores at most 38 significant digits: this is refused as invalid input.
    CacheEntry("huge", number=10**39 - 1).save()  # 39 significant digits
    return HttpResponse("stored")


@csrf_protect
def form(request):
    return HttpResponse("sent")


@ratelimit(key="ip", rate="3/m", block=True)
def limited(request):
    return HttpResponse("allowed")


failing = [
    path("bad", bad),
    path("forbidden", forbidden),
    path("broken", broken),
    path("reads-dynamodb", reads_dynamodb),
    path("busy", busy),
    path("stores-a-huge-number", stores_a_huge_number),
    path("form", form),
    path("limited", limited),
]

urlpatterns = [
    path("fail/", include(failing)),
    path("api/fail/", include(failing)),
    path("", include("site_project.urls")),
]
