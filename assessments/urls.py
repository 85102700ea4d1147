from __future__ import annotations

from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("start/<slug:career_slug>/", views.start, name="start"),
    path("<uuid:uuid>/", views.rate, name="rate"),
    path("<uuid:uuid>.json", views.draft_json, name="json"),
    path(
        "<uuid:uuid>/categories/<slug:category_slug>/",
        views.estimate_category,
        name="estimate_category",
    ),
    path("<uuid:uuid>/ratings/<slug:skill_slug>/", views.rate_skill, name="rate_skill"),
    path("<uuid:uuid>/level/", views.change_level, name="level"),
    path("<uuid:uuid>/delete/", views.delete, name="delete"),
]
