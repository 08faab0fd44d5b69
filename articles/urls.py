from django.urls import URLPattern

app_name = "articles"
urlpatterns: list[URLPattern] = []
