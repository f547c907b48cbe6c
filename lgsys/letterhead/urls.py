from django.urls import path

from lgsys.letterhead import views

urlpatterns = [
    path("", views.letterhead_edit, name="letterhead"),
    path("logotyp/", views.letterhead_logo, name="letterhead_logo"),
]
