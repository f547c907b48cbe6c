"""The profile page: a member turns each kind of e-mail reminder off or on,
through a service that keeps the history."""

import re

import pytest
from django.core.exceptions import PermissionDenied

from lgsys.forms import TOKEN_FIELD
from lgsys.models import ReminderKind, ReminderSetting
from lgsys.profile.forms import choices_token
from lgsys.profile.services import reminder_choices, reminder_settings_update
from lgsys.services import StaleEdit

URL = "/profil/"
ALL_ON = dict.fromkeys(ReminderKind.values, True)


def _token(page: str) -> str:
    return re.search(rf'name="{TOKEN_FIELD}" value="([^"]+)"', page).group(1)


def _post(client, token, *on):
    return client.post(URL, {TOKEN_FIELD: token, **dict.fromkeys(on, "on")})


@pytest.mark.django_db
def test_every_kind_is_on_until_turned_off(org, head, as_user):
    client = as_user(head)
    page = client.get(URL).content.decode()
    assert "<h1>Din profil</h1>" in page
    assert "Kulturförvaltningen" in page and "Förvaltningschef" in page
    for kind in ReminderKind.values:
        assert re.search(rf'<input type="checkbox" name="{kind}"[^>]* checked', page)
    assert "Du har ingen e-postadress" in page  # the fixture's users have none

    on = [k for k in ReminderKind.values if k != ReminderKind.REVIEW_DUE]
    response = _post(client, _token(page), *on)
    assert response.status_code == 302 and response["Location"] == URL
    assert reminder_choices(head) == {**ALL_ON, ReminderKind.REVIEW_DUE: False}
    setting = ReminderSetting.objects.get(user=head)
    record = setting.history.get()
    assert record.history_user == head
    assert record.history_change_reason == "reminder_off"
    page = client.get(URL).content.decode()
    assert not re.search(r'name="review_due"[^>]* checked', page)

    # and on again: the same row, a second history entry
    response = _post(client, _token(page), *ReminderKind.values)
    assert response.status_code == 302
    assert reminder_choices(head) == ALL_ON
    assert ReminderSetting.objects.filter(user=head).count() == 1
    assert [
        r.history_change_reason for r in setting.history.order_by("history_id")
    ] == [
        "reminder_off",
        "reminder_on",
    ]


@pytest.mark.django_db
def test_a_save_over_another_windows_change_is_refused_keeping_the_choices(
    org, coordinator, as_user
):
    client = as_user(coordinator)
    stale = _token(client.get(URL).content.decode())
    # meanwhile, in another window
    reminder_settings_update(
        user=coordinator,
        by=coordinator,
        enabled={ReminderKind.IMY_CLOCK: False},
        version=ALL_ON,
    )
    response = _post(client, stale, ReminderKind.IMY_CLOCK)  # all but one off
    assert response.status_code == 200
    page = response.content.decode()
    assert "ändrades i ett annat fönster" in page
    assert "IMY:s 72-timmarsfrist för en personuppgiftsincident är nu: av" in page
    assert re.search(r'name="imy_clock"[^>]* checked', page)  # the user's choice
    assert reminder_choices(coordinator) == {**ALL_ON, ReminderKind.IMY_CLOCK: False}
    # having seen it, the user saves again
    assert _post(client, _token(page), ReminderKind.IMY_CLOCK).status_code == 302
    assert reminder_choices(coordinator) == {
        **dict.fromkeys(ReminderKind.values, False),
        ReminderKind.IMY_CLOCK: True,
    }


@pytest.mark.django_db
def test_a_form_without_its_version_or_with_a_forged_one_saves_nothing(
    org, owner, as_user
):
    client = as_user(owner)
    assert client.post(URL, {}).status_code == 200
    assert _post(client, "forged").status_code == 200
    assert _post(client, choices_token(ALL_ON) + "x").status_code == 200
    assert not ReminderSetting.objects.exists()


@pytest.mark.django_db
def test_nobody_changes_anothers_reminders(org, coordinator, head):
    with pytest.raises(PermissionDenied):
        reminder_settings_update(
            user=head,
            by=coordinator,
            enabled={ReminderKind.DECISION_WAITING: False},
            version=ALL_ON,
        )
    with pytest.raises(StaleEdit):
        reminder_settings_update(
            user=head,
            by=head,
            enabled={ReminderKind.DECISION_WAITING: False},
            version=None,
        )
    assert reminder_choices(head) == ALL_ON


@pytest.mark.django_db
def test_the_header_links_to_the_profile(org, auditor, as_user):
    page = as_user(auditor).get(f"/{org.code}/").content.decode()
    assert 'href="/profil/"' in page
