from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from assessments.sharing_views import mentor_dashboard, shared_link
from careers.views import healthz

admin.site.site_header = "Skillgap curation"
admin.site.site_title = "Skillgap admin"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("assessments/", include("assessments.urls")),
    path("reports/", include("assessments.report_urls")),
    path("mentor/", mentor_dashboard, name="mentor"),
    path("s/<str:token>/", shared_link, name="shared_link"),
    path("", include("careers.urls")),
]
