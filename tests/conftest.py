import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from lgsys.models import Role
from tests.factories import make_member, make_organisation, make_user


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Production hashes passwords with PBKDF2 at a million rounds, about half a
    second a user; the suite makes thousands of users. A test checks what a
    login accepts and refuses, never how hard the hash is to crack."""
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    ):
        yield


@pytest.fixture(scope="session")
def demo_report_pdf(django_db_setup, django_db_blocker) -> bytes:
    """The demo's 2023 report as a PDF, rendered once a session (once for each
    xdist worker) for the tests that only read it. The demo is loaded, rendered
    and flushed again, so no test sees its rows."""
    from reviews.models import ManagementReview
    from reviews.report.pdf import render_review_pdf

    with django_db_blocker.unblock():
        call_command("loaddemo", stdout=io.StringIO())
        review = ManagementReview.objects.get(organisation__code="KUL", year=2023)
        data = render_review_pdf(review)
        call_command("flush", interactive=False, verbosity=0)
    return data


@pytest.fixture
def org(db):
    return make_organisation("KUL", name="Kulturförvaltningen")


@pytest.fixture
def other_org(db):
    return make_organisation("IDR", name="Idrottsförvaltningen")


@pytest.fixture
def coordinator(org):
    return make_member(org, Role.COORDINATOR, make_user("samordnare"))


@pytest.fixture
def head(org):
    return make_member(org, Role.HEAD, make_user("chef"))


@pytest.fixture
def auditor(org):
    return make_member(org, Role.AUDITOR, make_user("revisor"))


@pytest.fixture
def owner(org):
    return make_member(org, Role.OWNER, make_user("agare"))


@pytest.fixture
def outsider(other_org):
    """A coordinator of another organisation."""
    return make_member(other_org, Role.COORDINATOR, make_user("utomstaende"))


@pytest.fixture
def role_users(coordinator, head, auditor, owner):
    return {
        Role.COORDINATOR: coordinator,
        Role.HEAD: head,
        Role.AUDITOR: auditor,
        Role.OWNER: owner,
    }


@pytest.fixture
def as_user(client):
    """``as_user(user)`` logs the test client in as ``user`` and returns it."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _language_of_each_test_its_own():
    """A test that switches the language (a request with another language, or
    translation.activate) must not leave it for the next test."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _cache_of_each_test_its_own():
    """The cache (e.g. a draft's report blocks) starts empty in every test: a
    test's rows may get the ids and times of an earlier test's."""
    from django.core.cache import cache

    cache.clear()
    yield
