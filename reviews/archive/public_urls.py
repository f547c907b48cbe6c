"""The archive's page at the site's root: anyone logged in checks a file against
the archive (``/verifiera/``)."""

from django.urls import path

from reviews.archive import views

urlpatterns = [path("", views.verify, name="verify")]
