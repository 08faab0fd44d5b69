"""The API's URLs: one router under /api/v1/, the OpenAPI schema and its docs pages.

The schema and the docs pages are public on purpose: they describe the contract (paths, parameters, error codes)
and hold no data, and partners read them before they have a key. Every data endpoint needs a key.
"""

from csp.decorators import csp_update
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from partners.api.articles import ArticleViewSet, OutletViewSet
from partners.api.claims import ClaimViewSet

router = DefaultRouter()
router.include_format_suffixes = False
router.register("claims", ClaimViewSet, basename="claim")
router.register("articles", ArticleViewSet, basename="article")
router.register("outlets", OutletViewSet, basename="outlet")

urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/claims/<int:pk>.jsonld", ClaimViewSet.as_view({"get": "jsonld"}), name="claim-jsonld"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file, so the page runs under the strict CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    # Redoc's bundle injects its styles and runs a worker from a blob: URL.
    path(
        "redoc/",
        csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})(
            SpectacularRedocView.as_view(url_name="schema")
        ),
        name="api-redoc",
    ),
]
