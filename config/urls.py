from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from accounts.forms import AdminLoginForm

from . import views

admin.site.site_header = "Skillgap curation"
admin.site.site_title = "Skillgap admin"
admin.site.login_form = AdminLoginForm  # refuses over-long usernames before django-axes

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("assessments/", include("assessments.urls")),
    path("postings/", include("postings.urls")),
    path("", include("reports.urls")),
    path("", include("careers.urls")),
]
