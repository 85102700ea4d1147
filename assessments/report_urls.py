from __future__ import annotations

from django.urls import path

from . import report_views as views
from . import sharing_views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("compare/", views.compare, name="compare"),
    path("<uuid:uuid>/", views.report_detail, name="detail"),
    path("<uuid:uuid>.json", views.report_json, name="json"),
    path("<uuid:uuid>.csv", views.report_csv, name="csv"),
    path("<uuid:uuid>.pdf", views.report_pdf, name="pdf"),
    path("<uuid:uuid>/reassess/", views.reassess, name="reassess"),
    path("<uuid:uuid>/share/", sharing_views.share_page, name="share"),
    path("<uuid:uuid>/share/<int:share_id>/revoke/", sharing_views.revoke, name="revoke"),
    path("<uuid:uuid>/comments/", sharing_views.comment, name="comments"),
    path(
        "<uuid:uuid>/comments/<int:comment_id>/delete/",
        sharing_views.delete_comment,
        name="delete_comment",
    ),
    path("<uuid:uuid>/review/", sharing_views.review, name="review"),
]
