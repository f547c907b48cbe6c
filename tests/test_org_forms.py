"""lgsys.forms.OrgModelForm: choices limited to the organisation, stale edits."""

import pytest
from django import forms

from lgsys.forms import TOKEN_FIELD, OrgModelForm
from lgsys.models import Membership, Role
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
def test_a_stale_edit_is_refused_with_what_changed_and_input_kept(org, coordinator):
    membership = Membership.objects.get(user=coordinator)
    shown = MembershipForm(instance=membership, organisation=org)
    data = _post(shown, title="min titel")

    membership.title = "ändrad av någon annan"
    membership.save()

    form = MembershipForm(
        data, instance=Membership.objects.get(pk=membership.pk), organisation=org
    )
    assert not form.is_valid()
    errors = " ".join(form.non_field_errors())
    assert "ändrad av någon annan" in errors
    assert form["title"].value() == "min titel"
    membership.refresh_from_db()
    assert membership.title == "ändrad av någon annan"

    # Having seen the message, the user saves again and wins.
    again = MembershipForm(
        form.data, instance=Membership.objects.get(pk=membership.pk), organisation=org
    )
    assert again.is_valid(), again.errors
    again.save()
    membership.refresh_from_db()
    assert membership.title == "min titel"


@pytest.mark.django_db
def test_an_unchanged_object_saves(org, coordinator):
    membership = Membership.objects.get(user=coordinator)
    shown = MembershipForm(instance=membership, organisation=org)
    form = MembershipForm(
        _post(shown, title="ny"), instance=membership, organisation=org
    )
    assert form.is_valid(), form.errors
    assert TOKEN_FIELD in form.data


@pytest.mark.django_db
def test_a_deleted_object_is_reported(org, coordinator):
    membership = Membership.objects.get(user=coordinator)
    shown = MembershipForm(instance=membership, organisation=org)
    data = _post(shown)
    instance = Membership.objects.get(pk=membership.pk)
    Membership.objects.filter(pk=membership.pk).delete()
    form = MembershipForm(data, instance=instance, organisation=org)
    assert not form.is_valid()
    assert "deleted" in " ".join(form.non_field_errors()) or "raderad" in " ".join(
        form.non_field_errors()
    )


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
