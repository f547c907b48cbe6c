# An organisation's members and invitations, under /<org>/medlemmar/.
from django.urls import path

from lgsys.city import member_views

app_name = "members"

urlpatterns = [
    path("", member_views.member_list, name="list"),
    path(
        "inbjudningar/<int:pk>/aterkalla/",
        member_views.invitation_revoke,
        name="invitation_revoke",
    ),
]
