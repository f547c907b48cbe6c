"""lgsys.forms.OrgModelForm: choices limited to the organisation, the version
it showed (the stale-edit check itself is the services': tests/test_write_path.py)."""

import pytest
from django import forms

from lgsys.forms import TOKEN_FIELD, OrgModelForm
from lgsys.models import Membership, Role
from lgsys.services import version_of
from tests.factories import make_member, make_user


class MembershipForm(OrgModelForm):
    class Meta:
        model = Membership
        fields = ["user", "role", "title"]


def _post(form: forms.BaseForm, **changes) -> dict:
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(changes)
    return data


@pytest.mark.django_db
def test_choices_offer_only_the_organisations_members(org, other_org, coordinator):
    foreigner = make_member(other_org, Role.COORDINATOR, make_user("annan"))
    form = MembershipForm(organisation=org)
    assert list(form.fields["user"].queryset) == [coordinator]
    posted = MembershipForm(
        {"user": foreigner.pk, "role": Role.OWNER, "title": "x"}, organisation=org
    )
    assert not posted.is_valid()
    assert "user" in posted.errors


@pytest.mark.django_db
def test_an_edit_form_carries_the_version_it_showed_and_refuses_without(
    org, coordinator
):
    membership = Membership.objects.get(user=coordinator)
    loaded = version_of(membership)
    shown = MembershipForm(instance=membership, organisation=org)
    form = MembershipForm(
        _post(shown, title="ny"), instance=membership, organisation=org
    )
    assert form.is_valid(), form.errors
    assert form.version == loaded

    without = _post(shown, title="ny")
    del without[TOKEN_FIELD]
    form = MembershipForm(without, instance=membership, organisation=org)
    assert not form.is_valid()
    assert "version" in " ".join(form.non_field_errors())
    forged = _post(shown, title="ny", **{TOKEN_FIELD: "forged"})
    assert not MembershipForm(forged, instance=membership, organisation=org).is_valid()


@pytest.mark.django_db
def test_uniqueness_within_the_organisation_is_a_form_error(org, coordinator):
    form = MembershipForm(
        {"user": coordinator.pk, "role": Role.OWNER, "title": ""}, organisation=org
    )
    assert not form.is_valid()
    assert form.non_field_errors() or form.errors.get("user")


@pytest.mark.django_db
def test_ids_too_large_for_the_database_are_field_errors(org, coordinator):
    from actions.forms import ActionForm

    form = ActionForm(
        {
            "area": "9" * 30,
            "assets": ["9" * 30],
            "text": "x",
            "start_year": "2024",
            "status": "ej_paborjad",
            "priority": "medel",
        },
        organisation=org,
    )
    assert not form.is_valid()
    assert {"area", "assets"} <= set(form.errors)
