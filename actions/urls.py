from django.urls import path

from actions import views

app_name = "actions"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("ny/", views.action_edit, name="action_create"),
    path("<int:pk>/", views.action_detail, name="action_detail"),
    path("<int:pk>/andra/", views.action_edit, name="action_edit"),
    path("<int:pk>/status/", views.action_status, name="action_status"),
    path("<int:pk>/radera/", views.action_delete, name="action_delete"),
    path("<int:pk>/upp/", views.action_move, {"up": True}, name="action_move_up"),
    path("<int:pk>/ned/", views.action_move, {"up": False}, name="action_move_down"),
    path("omraden/nytt/", views.area_edit, name="area_create"),
    path("omraden/<int:pk>/andra/", views.area_edit, name="area_edit"),
    path("omraden/<int:pk>/radera/", views.area_delete, name="area_delete"),
    path("omraden/<int:pk>/upp/", views.area_move, {"up": True}, name="area_move_up"),
    path(
        "omraden/<int:pk>/ned/", views.area_move, {"up": False}, name="area_move_down"
    ),
]
