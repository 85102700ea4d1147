"""Reports, sharing and mentoring. Mounted at the site's root: the paths carry their prefix."""

from __future__ import annotations

from django.urls import path, register_converter

from . import mentoring_views, progress_views, sharing_views, views


class TokenConverter:
    """A link's token as services.create_link makes them: URL-safe base64, 20–64 long.

    Anything else is no link at all (a 404), before the database is asked.
    """

    regex = "[A-Za-z0-9_-]{20,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TokenConverter, "token")

app_name = "reports"
urlpatterns = [
    # Finishing an assessment makes its report (assessments can't import reports).
    path("assessments/<uuid:uuid>/finish/", views.finish, name="finish"),
    path("reports/", views.report_list, name="list"),
    path("reports/compare/", views.compare, name="compare"),
    path("reports/<uuid:uuid>/", views.report_detail, name="detail"),
    path("reports/<uuid:uuid>.json", views.report_json, name="json"),
    path("reports/<uuid:uuid>.csv", views.report_csv, name="csv"),
    path("reports/<uuid:uuid>.pdf", views.report_pdf, name="pdf"),
    path("reports/<uuid:uuid>/reassess/", progress_views.reassess, name="reassess"),
    path(
        "reports/<uuid:uuid>/path/<slug:stage>/<slug:skill>/",
        progress_views.path_step,
        name="path_step",
    ),
    path("reports/<uuid:uuid>/progress.json", progress_views.progress_json, name="progress"),
    path("reports/<uuid:uuid>/opinion/<slug:skill>/", mentoring_views.opinion, name="opinion"),
    path("reports/<uuid:uuid>/opinions.json", mentoring_views.opinions_json, name="opinions"),
    path("reports/reminders/", progress_views.reminders, name="reminders"),
    path("reports/<uuid:uuid>/share/", sharing_views.share_page, name="share"),
    path("reports/<uuid:uuid>/share/<int:share_id>/revoke/", sharing_views.revoke, name="revoke"),
    path("reports/<uuid:uuid>/comments/", mentoring_views.comment, name="comments"),
    path(
        "reports/<uuid:uuid>/comments/<int:comment_id>/delete/",
        mentoring_views.delete_comment,
        name="delete_comment",
    ),
    path("reports/<uuid:uuid>/review/", mentoring_views.review, name="review"),
    path("mentor/", mentoring_views.mentor_dashboard, name="mentor"),
    path("mentor/cohort/", mentoring_views.mentor_cohort, name="cohort"),
    path("mentor/cohort.csv", mentoring_views.mentor_cohort_csv, name="cohort_csv"),
    path("mentor/invitations/<token:token>/", sharing_views.invitation, name="invitation"),
    path("s/<token:token>/", sharing_views.shared_link, name="shared_link"),
]
