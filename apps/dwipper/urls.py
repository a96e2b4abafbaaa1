"""The Dwipper pages, under /dwipper/."""

from django.urls import path

from apps.dwipper import (
    converters,  # noqa: F401 (registers the converter)
    views,
)

app_name = "dwipper"

urlpatterns = [
    path("", views.feed, name="feed"),
    path("post", views.post, name="post"),
    path("following/", views.following, name="following"),
    path("mine/", views.mine, name="mine"),
    path("favourites/", views.favourites, name="favourites"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/settings", views.notification_settings, name="notification_settings"),
    path("u/<str:username>/", views.profile, name="profile"),
    path("u/<str:username>/follow", views.follow, name="follow"),
    path("u/<str:username>/block", views.block, name="block"),
    path("t/<str:tag>/", views.tag, name="tag"),
    path("d/<dwipp_id:dwipp_id>/", views.dwipp, name="dwipp"),
    path("d/<dwipp_id:dwipp_id>/reply", views.reply, name="reply"),
    path("d/<dwipp_id:dwipp_id>/edit", views.edit, name="edit"),
    path("d/<dwipp_id:dwipp_id>/delete", views.delete, name="delete"),
    path("d/<dwipp_id:dwipp_id>/upvote", views.upvote, name="upvote"),
    path("d/<dwipp_id:dwipp_id>/favourite", views.favourite, name="favourite"),
    path("d/<dwipp_id:dwipp_id>/report", views.report, name="report"),
]
