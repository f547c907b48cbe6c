# The city level's own pages (its home, onboarding, invitations); the apps add
# theirs through the registry's ``city_urls``.
from django.urls import path

from lgsys.city import views

app_name = "city"

urlpatterns = [
    path("", views.home, name="home"),
    path("ny-organisation/", views.organisation_create, name="organisation_create"),
    path("organisationer/<org:code>/", views.organisation, name="organisation"),
    path(
        "organisationer/<org:code>/idp-grupp/",
        views.group_mapping_create,
        name="group_mapping_create",
    ),
    path(
        "organisationer/<org:code>/inbjudningar/<int:pk>/aterkalla/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
