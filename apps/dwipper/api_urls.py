"""Dwipper's JSON API, under /api/dwipper/."""

from django.urls import path

from apps.dwipper import (
    api,
    converters,  # noqa: F401 (registers the converter)
)

app_name = "dwipper_api"

urlpatterns = [
    path("dwipps/<dwipp_id:dwipp_id>/", api.dwipp, name="dwipp"),
    path("dwipps/<dwipp_id:dwipp_id>/upvote", api.upvote, name="upvote"),
    path("dwipps/<dwipp_id:dwipp_id>/favourite", api.favourite, name="favourite"),
]
