from django.urls import path

from reviews.city import views

app_name = "city_reviews"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("export/<str:fmt>/", views.overview_export, name="overview_export"),
    path(
        "forvaltning/<str:org_code>/",
        views.organisation_figures,
        name="organisation_figures",
    ),
    path("beslutad/<int:pk>/genomgang.pdf", views.decided_pdf, name="decided_pdf"),
    path("sammanstallning/<int:year>/", views.compilation_pdf, name="compilation_pdf"),
]
