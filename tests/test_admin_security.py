"""The Django admin writes nothing a user may not change (issue 15, point 5).

django-simple-history's page of one past version,
``/admin/<app>/<model>/<id>/history/<history_id>/``, saved a POST after checking
only the *view* permission; through it a superuser reopened an approved review and
view-only staff approved a draft or made themselves coordinator. The walks below
send a POST to every admin URL pattern (so a newly registered model or page is
covered without anyone listing it) and compare every table before and after.
"""

import json
import re
from datetime import date

import pytest
from axes.models import AccessFailureLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import URLResolver, reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from classification.models import NormativeClassification
from lgsys.admin import HistoryAdmin
from lgsys.models import (
    CityMembership,
    CityRole,
    Invitation,
    Membership,
    Municipality,
    Role,
    SecurityEvent,
)
from lgsys.sso import services as sso_services
from reviews.approval import services as approval_services
from reviews.models import (
    ArchivedReport,
    ManagementReview,
    ReviewComment,
    ReviewSection,
    ReviewStatus,
)
from tests.city.factories import make_invitation
from tests.classification.factories import make_asset
from tests.factories import PASSWORD, make_member, make_user
from tests.reviews_archive.factories import FAKE_PDF
from tests.reviews_report.factories import make_review

# The records that change only through the workflow's services (or never): their
# admin is read-only for everyone, superusers included.
FROZEN_MODELS = (
    ManagementReview,
    ReviewSection,
    ReviewComment,
    ArchivedReport,
    SecurityEvent,
    Invitation,
)

# One's own session and password: the walk keeps its login, and these change only
# the walking user's own session or (given the old one) password.
OWN_SESSION = {"admin:login", "admin:logout", "admin:password_change"}


# The world: a real object of every registered model, with history -------------


@pytest.fixture
def world(client, org, other_org, coordinator, head):
    """Real objects of every model the admin shows, each with history."""
    staff = make_member(org, Role.AUDITOR, make_user("personal", is_staff=True))
    superuser = get_user_model().objects.create_superuser(
        "su", "su@example.se", "Sup3r-hemligt!"
    )
    draft = make_review(org, year=2024, by=coordinator, contact_name="Jenny Ekman")
    approval_services.comment_add(
        review=draft, by=coordinator, section_key="1.1", text="Fyll i 1.1."
    )
    approved = make_review(org, year=2023, by=coordinator)
    approved.status = ReviewStatus.SUBMITTED
    approved.save()
    approved.status, approved.decided_on = ReviewStatus.APPROVED, date(2024, 1, 15)
    approved.decided_by = head
    approved.save()
    ArchivedReport.objects.create(
        organisation=org,
        review=approved,
        pdf=FAKE_PDF,
        sha256=ArchivedReport.digest(FAKE_PDF),
        size=len(FAKE_PDF),
        decided_by=head,
        decided_on=approved.decided_on,
    )
    make_asset(org, name="Diarium")
    # (The organisation's scale levels and risk bands come with it.)
    NormativeClassification.objects.create(name="Personuppgifter", k=2, r=2, t=1)
    Group.objects.create(name="Granskare")
    # Single sign-on: a group mapping and the identity a first login made.
    sso_services.group_mapping_create(
        provider="oidc",
        group="grp-1",
        organisation=org,
        role=Role.AUDITOR,
        by=superuser,
    )
    sso_services.identity_login(
        claims=sso_services.Claims(provider="oidc", subject="sub-1", groups=["grp-1"]),
        request=None,
    )
    # The city level: a city, a city role, an invitation (with history).
    city = Municipality.objects.create(name="Stockholms stad", code="STH")
    CityMembership.objects.create(
        user=make_user("stad"), municipality=city, role=CityRole.CISO
    )
    make_invitation(org, Role.HEAD, email="chef@example.se")
    # A login (axes' access log, security events) and then a failed one (axes'
    # attempts and failure log: a successful login clears the attempts).
    client.post(reverse("login"), {"username": "samordnare", "password": PASSWORD})
    client.logout()
    client.post(reverse("login"), {"username": "samordnare", "password": "fel"})
    # Kept only with AXES_ENABLE_ACCESS_FAILURE_LOG, which is off; the admin shows it.
    AccessFailureLog.objects.create(
        username="samordnare", ip_address="127.0.0.1", path_info="/logga-in/"
    )
    return {
        "org": org,
        "other_org": other_org,
        "staff": staff,
        "superuser": superuser,
        "draft": draft,
        "approved": approved,
    }


def _view_only(user):
    """Every view permission and nothing else."""
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return user


# The database before and after --------------------------------------------------


def _plain(value):
    return bytes(value) if isinstance(value, memoryview) else value


def _dump() -> dict:
    """Every row of every table (history tables included), the session store aside:
    the walking client's own session is written on every request."""
    return {
        model._meta.label: [
            tuple(_plain(v) for v in row)
            for row in model._base_manager.order_by("pk").values_list()
        ]
        for model in apps.get_models()
        if model is not Session
    }


def _changed(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


# Every admin URL, filled in with real objects ------------------------------------


def _admin_patterns(patterns, prefix="/admin/"):
    """``(model_admin or None, pattern, prefix)`` for every pattern under
    ``admin.site.get_urls()``, each model admin's own included."""
    by_prefix = {
        f"{m._meta.app_label}/{m._meta.model_name}/": a
        for m, a in admin.site._registry.items()
    }
    for p in patterns:
        if isinstance(p, URLResolver):
            model_admin = by_prefix[str(p.pattern)]
            for sub in p.url_patterns:
                yield model_admin, sub, prefix + str(p.pattern)
        else:
            yield None, p, prefix


def _fill(route: str, values: dict, positional: list) -> str:
    """A route (path converters or a regex) with its parameters filled in."""
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m[1]]), route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m[1]]), route)
    route = re.sub(r"\([^)]*\)", lambda m: str(positional.pop(0)), route)
    return route.replace("^", "").replace("$", "").replace("\\Z", "")


def _history_id(obj):
    history = getattr(obj, "history", None)
    return history.order_by("history_id").first().history_id if history else None


def admin_urls() -> list[tuple[str, str, object]]:
    """``(name, url, model_admin or None)`` for every admin URL pattern, each id the
    id of a real object of its model and each history id a real version of it."""
    org_ct = ContentType.objects.get_for_model(
        next(m for m in admin.site._registry if m._meta.model_name == "organisation")
    )
    site_values = {
        "app_label": "reviews",
        "url": "nowhere/",
        "content_type_id": org_ct.pk,
        "object_id": org_ct.get_all_objects_for_this_type().first().pk,
    }
    urls = []
    for model_admin, pattern, prefix in _admin_patterns(admin.site.get_urls()):
        values, positional = dict(site_values), []
        if model_admin is not None:
            obj = model_admin.model._base_manager.order_by("pk").first()
            assert obj is not None, f"the world needs a {model_admin.model._meta.label}"
            values.update(object_id=obj.pk, id=obj.pk)
            positional = [obj.pk, _history_id(obj)]
        url = _fill(prefix + str(pattern.pattern), values, positional)
        urls.append((f"admin:{pattern.name or url}", url, model_admin))
    return urls


# What an attacker posts ------------------------------------------------------------


def _current_values_changed(obj) -> dict:
    """The object's fields as its admin form posts them, each text changed."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        value = field.value_from_object(obj)
        if isinstance(field, models.BooleanField):
            value = "" if value else "on"
        elif isinstance(field, models.JSONField):
            value = json.dumps(value)
        elif isinstance(field, models.DateTimeField) and value is not None:
            value = timezone.localtime(value)
            data[f"{field.name}_0"] = value.date().isoformat()
            data[f"{field.name}_1"] = value.time().isoformat(timespec="seconds")
        elif (
            isinstance(field, models.CharField | models.TextField)
            and not field.choices
            and all(isinstance(v, MaxLengthValidator) for v in field.validators)
        ):
            value = f"{value} ändrad"[: field.max_length]
        data[field.name] = "" if value is None else value
    for field in obj._meta.many_to_many:
        data[field.name] = [o.pk for o in field.value_from_object(obj)]
    return data


def attack_posts(model_admin, world) -> list[dict]:
    """The POSTs sent to one URL: the object's values changed and made worse
    (approved, moved to the other organisation, its user made coordinator and
    superuser), and each of the changelist's actions on every row."""
    if model_admin is None:
        return [{"password1": "Nytt-l0senord!", "password2": "Nytt-l0senord!"}]
    model = model_admin.model
    obj = model._base_manager.order_by("pk").first()  # None once a POST deleted all
    data = _current_values_changed(obj) if obj else {}
    field_names = {f.name for f in model._meta.get_fields()}
    worse = {
        "status": ReviewStatus.APPROVED,
        "role": Role.COORDINATOR,
        "organisation": world["other_org"].pk,
        "user": world["staff"].pk,
        "is_staff": "on",
        "is_superuser": "on",
    }
    data.update({k: v for k, v in worse.items() if k in field_names})
    data.update(
        password1="Nytt-l0senord!", password2="Nytt-l0senord!", post="yes"
    )  # add/password forms; "post" confirms a delete
    every_row = list(model._base_manager.values_list("pk", flat=True))
    actions = [
        {"action": name, "index": "0", "_selected_action": every_row, "post": "yes"}
        for _, name, _ in model_admin._get_base_actions()
    ]
    return [data, *actions]


def _walk(client, urls, world) -> list[str]:
    """POST to each URL; the names of those after which a table differs."""
    failures = []
    before = _dump()
    for name, url, model_admin in urls:
        for data in attack_posts(model_admin, world):
            response = client.post(url, data)
            after = _dump()
            if after != before:
                failures.append(
                    f"POST {url} ({name}, {response.status_code}, "
                    f"{data.get('action', 'form')}): {_changed(before, after)}"
                )
                before = after
    return failures


# The walks -----------------------------------------------------------------------


@pytest.mark.django_db
def test_every_admin_url_refuses_every_write_of_view_only_staff(client, world):
    client.force_login(_view_only(world["staff"]))
    urls = [u for u in admin_urls() if u[0] not in OWN_SESSION]
    assert any(name.endswith("_simple_history") for name, _, _ in urls)
    failures = _walk(client, urls, world)
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_no_admin_url_changes_a_review_or_its_records_even_for_a_superuser(
    client, world
):
    client.force_login(world["superuser"])
    urls = [u for u in admin_urls() if u[2] and u[2].model in FROZEN_MODELS]
    assert {u[2].model for u in urls} == set(FROZEN_MODELS)
    names = {name for name, _, _ in urls}
    for model in (ManagementReview, ReviewSection, ReviewComment):
        assert f"admin:reviews_{model._meta.model_name}_simple_history" in names
    failures = _walk(client, urls, world)
    assert not failures, "\n".join(failures)


# The three attacks of the finding --------------------------------------------------


def _history_url(obj, version) -> str:
    meta = obj._meta
    return f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/history/{version}/"


def _form(review: ManagementReview, **changes) -> dict:
    return {
        "organisation": review.organisation_id,
        "year": review.year,
        "dnr": review.dnr,
        "contact_name": review.contact_name,
        "contact_title": review.contact_title,
        "disabled_blocks": json.dumps(review.disabled_blocks),
        "status": review.status,
        "decided_on": "",
        **changes,
    }


@pytest.mark.django_db
def test_a_superuser_cannot_reopen_an_approved_review_through_its_history(
    client, world
):
    approved = world["approved"]
    submitted = approved.history.get(status=ReviewStatus.SUBMITTED)
    versions = approved.history.count()
    client.force_login(world["superuser"])
    response = client.post(
        _history_url(approved, submitted.history_id),
        _form(approved, status=ReviewStatus.SUBMITTED),
    )
    assert response.status_code == 403
    approved.refresh_from_db()
    assert approved.status == ReviewStatus.APPROVED
    assert approved.history.count() == versions


@pytest.mark.django_db
def test_view_only_staff_cannot_approve_or_move_a_draft_through_its_history(
    client, world
):
    draft, other_org = world["draft"], world["other_org"]
    staff = world["staff"]
    staff.user_permissions.set(
        [Permission.objects.get(codename="view_managementreview")]
    )
    client.force_login(staff)
    response = client.post(
        _history_url(draft, draft.history.get().history_id),
        _form(draft, status=ReviewStatus.APPROVED, organisation=other_org.pk),
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert (draft.status, draft.organisation) == (ReviewStatus.DRAFT, world["org"])
    assert draft.history.count() == 1
    assert not ArchivedReport.objects.filter(review=draft).exists()


@pytest.mark.django_db
def test_view_only_staff_cannot_make_themselves_coordinator_through_history(
    client, world
):
    staff, org = world["staff"], world["org"]
    staff.user_permissions.set([Permission.objects.get(codename="view_membership")])
    membership = Membership.objects.get(user=staff, organisation=org)
    client.force_login(staff)
    response = client.post(
        _history_url(membership, membership.history.get().history_id),
        {"user": staff.pk, "organisation": org.pk, "role": Role.COORDINATOR},
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == Role.AUDITOR
    assert membership.history.count() == 1


def test_every_admin_with_simple_history_is_a_history_admin():
    plain = [
        m._meta.label
        for m, a in admin.site._registry.items()
        if isinstance(a, SimpleHistoryAdmin) and not isinstance(a, HistoryAdmin)
    ]
    assert plain == []


@pytest.mark.django_db
def test_every_admin_page_still_opens_for_a_superuser(client, world):
    client.force_login(world["superuser"])
    for name, url, _ in admin_urls():
        if name == "admin:logout":
            continue
        status = client.get(url).status_code
        if name.endswith(("_simple_history", "_history", "_changelist", "_change")):
            assert status == 200, (url, status)
        else:
            assert status in (200, 302, 403, 404), (url, status)


@pytest.mark.django_db
def test_a_past_version_is_shown_read_only_with_no_revert_button(client, world):
    approved = world["approved"]
    client.force_login(world["superuser"])
    for version in approved.history.all():
        response = client.get(_history_url(approved, version.history_id))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="status"' not in html
        assert 'name="_save"' not in html
        assert version.get_status_display() in html


# Inlines and actions honour the permissions too --------------------------------


def _user_form(user, membership, other_org) -> dict:
    joined = timezone.localtime(user.date_joined)
    return {
        "username": user.username,
        "first_name": "Ändrad",
        "last_name": user.last_name,
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "date_joined_0": joined.date().isoformat(),
        "date_joined_1": joined.time().isoformat(timespec="seconds"),
        "memberships-TOTAL_FORMS": "2",
        "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": membership.pk,
        "memberships-0-user": user.pk,
        "memberships-0-organisation": membership.organisation_id,
        "memberships-0-role": Role.COORDINATOR,
        "memberships-0-title": "",
        "memberships-1-user": user.pk,
        "memberships-1-organisation": other_org.pk,
        "memberships-1-role": Role.COORDINATOR,
        "memberships-1-title": "",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("may_change_memberships", [False, True])
def test_the_user_admins_membership_inline_needs_the_membership_permissions(
    client, world, may_change_memberships
):
    staff, org, other_org = world["staff"], world["org"], world["other_org"]
    codenames = ["view_user", "change_user", "view_membership"]
    if may_change_memberships:
        codenames += ["add_membership", "change_membership"]
    staff.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    membership = Membership.objects.get(user=staff, organisation=org)
    client.force_login(staff)
    response = client.post(
        f"/admin/auth/user/{staff.pk}/change/",
        _user_form(staff, membership, other_org),
    )
    assert response.status_code == 302  # the user's own fields were saved
    staff.refresh_from_db()
    assert staff.first_name == "Ändrad"
    roles = dict(staff.memberships.values_list("organisation__code", "role"))
    if may_change_memberships:  # the form above does change memberships
        assert roles == {"KUL": Role.COORDINATOR, "IDR": Role.COORDINATOR}
    else:
        assert roles == {"KUL": Role.AUDITOR}


@pytest.mark.django_db
@pytest.mark.parametrize("may_delete", [False, True])
def test_delete_selected_needs_the_delete_permission(client, world, may_delete):
    staff, coordinator = (
        world["staff"],
        get_user_model().objects.get(username="samordnare"),
    )
    codenames = ["view_membership", "change_membership"]
    if may_delete:
        codenames.append("delete_membership")
    staff.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(staff)
    chosen = list(coordinator.memberships.values_list("pk", flat=True))
    client.post(
        "/admin/lgsys/membership/",
        {
            "action": "delete_selected",
            "index": "0",
            "_selected_action": chosen,
            "post": "yes",  # the confirmation page's answer
        },
    )
    assert coordinator.memberships.exists() is not may_delete


def test_the_pdf_queues_task_rows_have_no_admin():
    """django-tasks-db's admin shows task arguments and tracebacks; lgsys
    unregisters it (the PDFs' state is lgsys.pdfs' own job row)."""
    from django_tasks_db.models import DBTaskResult

    assert not admin.site.is_registered(DBTaskResult)
