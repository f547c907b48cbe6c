from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, register_converter
from django.views.i18n import set_language

from lgsys import pickers, views
from lgsys.city import views as city_views
from lgsys.models import ORG_CODE_REGEX
from lgsys.registry import extensions
from lgsys.sso import views as sso_views


class OrganisationCodeConverter:
    regex = ORG_CODE_REGEX

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(OrganisationCodeConverter, "org")

admin.site.site_header = "lgsys"
admin.site.site_title = "lgsys"

urlpatterns = [
    path("", views.home, name="home"),
    # The password, and the city's identity provider when configured (lgsys/sso).
    path("logga-in/", sso_views.LoginView.as_view(), name="login"),
    path("logga-ut/", sso_views.logout_view, name="logout"),
    path("sso/", include("lgsys.sso.urls")),
    # Anyone may switch language, also on the login page.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # One login page for everyone: the admin's sends to ours (next= is kept).
    path("admin/login/", views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("healthz/", views.healthz, name="healthz"),
    path(
        "tillganglighet/",
        views.accessibility_statement,
        name="accessibility_statement",
    ),
    path("byt-organisation/", views.switch_organisation, name="switch_organisation"),
    *(
        path(segment, include(urlconf))
        for extension in extensions()
        for segment, urlconf in extension.root_urls
    ),
    path("profil/", include("lgsys.profile.urls")),
    # An invitation's one-time link (lgsys.city): opened before any login.
    path(
        "inbjudan/<str:token>/",
        city_views.accept_invitation,
        name="accept_invitation",
    ),
    # The city level (issue 21): above the organisations, gated by city_view.
    path(
        "stad/<org:city_code>/",
        include(
            [
                path("", include("lgsys.city.urls")),
                *(
                    path(segment, include(urlconf))
                    for extension in extensions()
                    for segment, urlconf in extension.city_urls
                ),
            ]
        ),
    ),
    path(
        "<org:org_code>/",
        include(
            [
                path("", views.dashboard, name="dashboard"),
                *(
                    path(segment, include(urlconf))
                    for extension in extensions()
                    for segment, urlconf in extension.org_urls
                ),
                path("historik/", include("lgsys.audit.urls")),
                path("verksamhetsplan/", include("lgsys.todo.urls")),
                path("brevhuvud/", include("lgsys.letterhead.urls")),
                path("valj/<slug:source>/", pickers.pick, name="pick"),
                path("medlemmar/", include("lgsys.city.member_urls")),
            ]
        ),
    ),
]
