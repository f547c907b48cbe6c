# The city level's normative classifications, under /stad/<city>/normerande/.
from django.urls import path

from classification import city_views

app_name = "normative"

urlpatterns = [
    path("", city_views.normative_list, name="list"),
    path("ny/", city_views.normative_create, name="create"),
    path("<int:pk>/", city_views.normative_detail, name="detail"),
    path("<int:pk>/revidera/", city_views.normative_revise, name="revise"),
    path("<int:pk>/avveckla/", city_views.normative_retire, name="retire"),
]
