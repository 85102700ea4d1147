from __future__ import annotations

from django.urls import path

from . import views

app_name = "careers"
urlpatterns = [
    path("", views.career_list, name="list"),
    path("careers/<slug:slug>/", views.career_detail, name="detail"),
    path("careers/<slug:slug>/aliases.json", views.career_aliases, name="aliases"),
]
