import logging
import sys

from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from apps.core.health import dynamodb_ping
from apps.core.http.jsonapi import error_response
from apps.core.http.openapi import openapi_document
from apps.core.http.responses import wants_json
from apps.core.http.unavailable import dynamodb_error_response
from apps.core.site import site_context

# For JSON answers under /api/; the HTML pages carry their own wording.
logger = logging.getLogger(__name__)

ERROR_MESSAGES = {
    400: "The request could not be understood.",
    403: "You do not have permission to do that.",
    404: "There is nothing at this address.",
    500: "Something went wrong on our side. It has been logged.",
}
CSRF_FAILED = "The CSRF token is missing or wrong: reload the page, or send X-CSRFToken."


@require_safe
def home(request):
    return render(request, "core/home.html")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; send them to the SVG icon."""
    response = HttpResponseRedirect(static("core/favicon.svg"))
    # Not permanent: the static file's hashed name changes with its content.
    response["Cache-Control"] = "public, max-age=86400"
    return response


@never_cache
@require_safe
def healthz(request):
    reason = dynamodb_ping()
    if reason is None:
        return JsonResponse({"status": "ok", "dynamodb": "ok"})
    logger.error("Health check failed: %s", reason)
    return JsonResponse({"status": "unavailable", "dynamodb": "unavailable"}, status=503)


@require_safe
def openapi(request):
    return JsonResponse(openapi_document())


def _error_response(request, status: int, template: str):
    if wants_json(request):
        return error_response(ERROR_MESSAGES[status], status)
    return render(request, template, status=status)


def bad_request(request, exception=None):
    return _error_response(request, 400, "400.html")


def permission_denied(request, exception=None):
    return _error_response(request, 403, "403.html")


def page_not_found(request, exception=None):
    return _error_response(request, 404, "404.html")


def csrf_failure(request, reason=""):
    if wants_json(request):
        return error_response(CSRF_FAILED, 403)
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """500, or 503 when DynamoDB was unavailable (400 when it refused the input).

    Rendered without the request's context processors: the user and session may
    be exactly what failed.
    """
    answer = dynamodb_error_response(request, sys.exc_info()[1])
    if answer is not None:
        return answer
    if wants_json(request):
        return error_response(ERROR_MESSAGES[500], 500)
    return HttpResponse(render_to_string("500.html", site_context()), status=500)
