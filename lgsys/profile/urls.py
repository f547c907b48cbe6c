from django.urls import path

from lgsys.profile import views

urlpatterns = [
    path("", views.profile, name="profile"),
]
