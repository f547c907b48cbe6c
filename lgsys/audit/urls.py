from django.urls import path

from lgsys.audit import views

urlpatterns = [
    path("", views.timeline_view, name="history_timeline"),
    path("per-dag/", views.as_of_view, name="history_as_of"),
    path("<str:kind>/<int:pk>/", views.object_view, name="history_object"),
]
