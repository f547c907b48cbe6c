"""Every page needs a login: walk every URL pattern as an anonymous visitor."""

import pytest

from tests.urlwalk import all_routes

# Pages an anonymous visitor may see, and why.
PUBLIC = {
    "login",  # the login page itself
    "admin_login",  # sends on to the login page
    "healthz",  # the load balancer's health check
    "accessibility_statement",  # public by law (DOS-lagen)
    "set_language",  # the language switch on the login page
    # Login through the city's identity provider (lgsys/sso): the way in and the
    # provider's answers, which come before any login; 404 while SSO is off.
    "sso:oidc_login",
    "sso:oidc_callback",
    "sso:saml_login",
    "sso:saml_acs",
    "sso:saml_done",
    "sso:saml_metadata",
    "accept_invitation",  # an invitation's link: its invitee has no account yet
}


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_from_every_page(client, org):
    checked = []
    for route in all_routes():
        if route.name in PUBLIC:
            continue
        url = route.url(org_code=org.code)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if response.status_code == 405:
                continue
            assert response.status_code == 302, (route.name, method, url)
            # The admin sends to /admin/login/, which sends on to the one login page.
            assert response.url.startswith(("/logga-in/", "/admin/login/")), (
                route.name,
                response.url,
            )
            checked.append(route.name)
    assert "dashboard" in checked and "home" in checked


@pytest.mark.django_db
def test_admin_uses_the_one_login_page(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/logga-in/?next=/admin/"


@pytest.mark.django_db
def test_admin_refuses_a_logged_in_user_who_is_not_staff(as_user, coordinator):
    client = as_user(coordinator)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1  # no loop between the login pages


@pytest.mark.django_db
def test_public_pages(client):
    assert client.get("/logga-in/").status_code == 200
    assert client.get("/healthz/").content == b"ok"


@pytest.mark.django_db
def test_login_and_logout(client, coordinator, org):
    from tests.factories import PASSWORD

    page = client.get("/logga-in/")
    assert "Logga in" in page.content.decode()
    bad = client.post("/logga-in/", {"username": "samordnare", "password": "fel"})
    assert bad.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in bad.content.decode()

    response = client.post(
        "/logga-in/", {"username": "samordnare", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/{org.code}/"
    assert client.get("/logout/").status_code == 404
    assert client.get("/logga-ut/").status_code == 405  # logout is POST only
    client.post("/logga-ut/")
    assert client.get(f"/{org.code}/").status_code == 302
