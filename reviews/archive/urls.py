from django.urls import path

from reviews.archive import views

urlpatterns = [
    path("arkiv/<int:pk>/genomgang.pdf", views.archived_pdf, name="archived_pdf"),
]
