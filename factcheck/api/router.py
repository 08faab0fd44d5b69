"""The API's URLs: one router under /api/v1/, the OpenAPI schema and its docs pages."""

from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
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
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
]
