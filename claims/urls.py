from django.urls import path

from claims.views import dashboard, review, search

app_name = "claims"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("claims/", review.claim_list, name="list"),
    path("claims/next/", review.claim_next, name="next"),
    path("claims/<int:pk>/", review.claim_review, name="review"),
    path("claims/<int:pk>/verdict/", review.claim_verdict, name="verdict"),
    path("claims/<int:pk>/evidence/add/", review.evidence_add, name="evidence_add"),
    path("claims/<int:pk>/evidence/<int:evidence_pk>/decide/", review.evidence_decide, name="evidence_decide"),
    path("claims/<int:pk>/publish/", review.claim_publish, name="publish"),
    path("claims/<int:pk>/unpublish/", review.claim_unpublish, name="unpublish"),
    path("claims/<int:pk>/withdraw/", review.claim_withdraw, name="withdraw"),
    path("claims/<int:pk>/assign/", review.claim_assign, name="assign"),
    path("search/", search.search, name="search"),
]
