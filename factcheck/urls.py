from django.contrib import admin
from django.urls import include, path

from factcheck.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("factcheck.api.router")),
    path("articles/", include("claims.article_urls")),
    path("", include("newsroom.urls")),
    path("", include("claims.urls")),
]
