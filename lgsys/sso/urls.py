from django.urls import path

from lgsys.sso import views

app_name = "sso"

urlpatterns = [
    path("oidc/logga-in/", views.oidc_login, name="oidc_login"),
    path("oidc/svar/", views.oidc_callback, name="oidc_callback"),
    path("saml/logga-in/", views.saml_login, name="saml_login"),
    path("saml/acs/", views.saml_acs, name="saml_acs"),
    path("saml/klar/<str:handoff>/", views.saml_done, name="saml_done"),
    path("saml/metadata/", views.saml_metadata, name="saml_metadata"),
    path("bekrafta/", views.stepup, name="stepup"),
]
