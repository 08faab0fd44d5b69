from django.urls import path

from claims import views

app_name = "claims"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("claims/", views.claim_list, name="list"),
    path("claims/next/", views.claim_next, name="next"),
    path("claims/<int:pk>/", views.claim_review, name="review"),
    path("claims/<int:pk>/verdict/", views.claim_verdict, name="verdict"),
    path("claims/<int:pk>/evidence/add/", views.evidence_add, name="evidence_add"),
    path("claims/<int:pk>/evidence/<int:evidence_pk>/decide/", views.evidence_decide, name="evidence_decide"),
    path("claims/<int:pk>/publish/", views.claim_publish, name="publish"),
    path("claims/<int:pk>/unpublish/", views.claim_unpublish, name="unpublish"),
    path("claims/<int:pk>/withdraw/", views.claim_withdraw, name="withdraw"),
    path("claims/<int:pk>/assign/", views.claim_assign, name="assign"),
    path("search/", views.search, name="search"),
]
