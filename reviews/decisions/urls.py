from django.urls import path

from reviews.decisions import views

urlpatterns = [
    path(
        "atgardsbeslut/<int:action_pk>/",
        views.action_decision,
        name="action_decision",
    ),
]
