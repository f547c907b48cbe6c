from django.urls import path

from reviews.archive import views as archive_views

app_name = "reviews"

urlpatterns = [
    # The archive of approved reports
    path(
        "arkiv/<int:pk>/genomgang.pdf",
        archive_views.archived_pdf,
        name="archived_pdf",
    ),
]
