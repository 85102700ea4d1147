from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from . import views

admin.site.site_header = "Skillgap curation"
admin.site.site_title = "Skillgap admin"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("assessments/", include("assessments.urls")),
    path("", include("reports.urls")),
    path("", include("careers.urls")),
]
