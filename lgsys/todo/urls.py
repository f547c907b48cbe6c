from django.urls import path

from lgsys.todo import views

urlpatterns = [
    path("", views.plan_deadline_edit, name="plan_deadline"),
]
