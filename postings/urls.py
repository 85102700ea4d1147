from __future__ import annotations

from django.urls import path

from . import views

app_name = "postings"

urlpatterns = [
    path("extract.json", views.extract, name="extract"),
]
