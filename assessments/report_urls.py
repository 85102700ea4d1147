from __future__ import annotations

from django.urls import path

from . import report_views as views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("compare/", views.compare, name="compare"),
    path("<uuid:uuid>/", views.report_detail, name="detail"),
    path("<uuid:uuid>.json", views.report_json, name="json"),
    path("<uuid:uuid>.csv", views.report_csv, name="csv"),
    path("<uuid:uuid>.pdf", views.report_pdf, name="pdf"),
    path("<uuid:uuid>/reassess/", views.reassess, name="reassess"),
]
