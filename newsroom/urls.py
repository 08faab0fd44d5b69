from django.urls import path

from newsroom import views

app_name = "newsroom"
urlpatterns = [
    path("claims/<int:pk>/notes/", views.claim_notes, name="claim_notes"),
    path("notes/<int:pk>/edit/", views.note_edit, name="note_edit"),
    path("notes/<int:pk>/delete/", views.note_delete, name="note_delete"),
    path("notes/mentions/", views.mention_suggestions, name="mention_suggestions"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read-all/", views.notifications_read_all, name="read_all"),
    path("notifications/preferences/", views.notification_preferences, name="preferences"),
    path("notifications/<int:pk>/open/", views.notification_open, name="open"),
    path("notifications/<int:pk>/read/", views.notification_read, name="read"),
]
