"""Article pages (/articles/...): they show claims, so they live in the claims app, in the articles namespace."""

from django.urls import path

from claims.views import articles as views

app_name = "articles"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("upload/", views.article_upload, name="upload"),
    path("queue/", views.article_queue, name="queue"),
    path("<int:pk>/", views.article_detail, name="detail"),
    path("<int:pk>/status/", views.article_status, name="status"),
    path("<int:pk>/reprocess/", views.article_reprocess_view, name="reprocess"),
    path("<int:pk>/assign/", views.article_assign, name="assign"),
    path("<int:pk>/publish/", views.article_publish, name="publish"),
]
