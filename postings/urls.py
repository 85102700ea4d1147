from __future__ import annotations

from django.urls import path

from . import views

app_name = "postings"

urlpatterns = [
    path("", views.posting_list, name="list"),
    path("new/", views.posting_new, name="new"),
    path("compare/", views.posting_compare, name="compare"),
    path("extract.json", views.extract, name="extract"),
    path("<uuid:uuid>/", views.posting_detail, name="detail"),
    path("<uuid:uuid>/delete/", views.posting_delete, name="delete"),
    path("<uuid:uuid>/ratings/<slug:skill>/", views.posting_rate, name="rate"),
]
