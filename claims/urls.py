from django.urls import path, re_path

from claims.views import bulk, dashboard, lists, public, publish, review, search

app_name = "claims"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("claims/", lists.claim_list, name="list"),
    re_path(r"^claims/export\.(?P<fmt>csv|json)$", lists.claim_list_export, name="list_export"),
    path("claims/bulk/", bulk.claims_bulk, name="bulk"),
    path("claims/next/", review.claim_next, name="next"),
    path("claims/<int:pk>/", review.claim_review, name="review"),
    path("claims/<int:pk>/verdict/", review.claim_verdict, name="verdict"),
    path("claims/<int:pk>/evidence/add/", review.evidence_add, name="evidence_add"),
    re_path(
        r"^claims/(?P<pk>[0-9]+)/evidence\.(?P<fmt>csv|json)$", lists.claim_evidence_export, name="evidence_export"
    ),
    path("claims/<int:pk>/evidence/<int:evidence_pk>/decide/", review.evidence_decide, name="evidence_decide"),
    path("claims/<int:pk>/publish/", publish.claim_publish, name="publish"),
    path("claims/<int:pk>/unpublish/", review.claim_unpublish, name="unpublish"),
    path("claims/<int:pk>/withdraw/", review.claim_withdraw, name="withdraw"),
    path("claims/<int:pk>/assign/", review.claim_assign, name="assign"),
    path("claims/<int:pk>/split/", review.claim_group_split, name="group_split"),
    path("search/", search.search, name="search"),
    re_path(r"^search/export\.(?P<fmt>csv|json)$", lists.search_export, name="search_export"),
    # Public, no sign-in: the page at ClaimReview's `url`.
    path("fact-checks/<int:pk>/", public.fact_check, name="fact_check"),
]
