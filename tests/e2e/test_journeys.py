"""The three user journeys in a real browser (issue 9): the coordinator prepares
and submits the review, the head of administration returns it and then approves
it, the auditor follows the change in the history and opens the approved report,
and a user of another organisation reaches none of it."""

import io
import re
from datetime import date

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from actions.models import Action, ActionArea
from classification.models import Classification
from lgsys.models import Role
from lgsys.services import version_of
from reviews.models import ManagementReview, ReviewStatus
from reviews.report.services import review_create, section_update
from tests.e2e.conftest import screenshot
from tests.factories import make_member, make_organisation, make_user
from tests.reviews_report.factories import fill_required

pytestmark = pytest.mark.django_db(transaction=True)

ASSET = "Bokningssystemets kunduppgifter"
NARRATIVE = "Under året har förvaltningen klassat bokningssystemets uppgifter."
SECTION = "Ledningssystem för informationssäkerhet"  # 1.1
REVISED = "Klassningen är nu gjord tillsammans med informationsägaren."


@pytest.fixture
def kul(db):
    org = make_organisation("KUL", name="Kulturförvaltningen")
    ActionArea.objects.create(organisation=org, title="Styrning och ledning", order=1)
    return org


@pytest.fixture
def people(kul):
    return {
        "coordinator": make_member(
            kul,
            Role.COORDINATOR,
            make_user("samordnare", first_name="Sara", last_name="Samordnare"),
        ),
        "head": make_member(
            kul, Role.HEAD, make_user("chef", first_name="Carl", last_name="Chef")
        ),
        "auditor": make_member(
            kul,
            Role.AUDITOR,
            make_user("revisor", first_name="Rut", last_name="Revisor"),
        ),
    }


@pytest.fixture
def review(kul, people):
    """A draft with what the submission check requires (a Dnr, a contact and
    the required sections' text); the journeys write 1.1 themselves."""
    by = people["coordinator"]
    draft = fill_required(review_create(organisation=kul, year=2025, by=by), by=by)
    section = draft.sections.get(key="1.1")  # the journeys write it
    section_update(section=section, text="", by=by, version=version_of(section))
    return draft


def _logout(page):
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(re.compile(r"/logga-in/$"))  # the logout has been answered


def _submit(page):
    """From the review page through the submission check: the warnings seen."""
    page.get_by_role("link", name="Skicka in för beslut").click()
    page.get_by_label("Jag har sett varningarna").check()
    page.get_by_role("button", name="Skicka in för beslut").click()
    page.wait_for_url(re.compile(r"/granskning/\d+/$"))


def _section_form(page, live_server, kul, review, text):
    page.goto(f"{live_server.url}/{kul.code}/granskning/{review.pk}/")
    page.get_by_role("link", name=re.compile(f"^Ändra text\\s*: {SECTION}$")).click()
    page.locator("#id_text").fill(text)
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(re.compile(rf"/granskning/{review.pk}/(#.*)?$"))


def _coordinator_journey(page, live_server, kul, review):
    base = f"{live_server.url}/{kul.code}"
    # An information asset.
    page.goto(f"{base}/register/informationsmangder/ny/")
    page.locator("#id_name").fill(ASSET)
    page.locator("#id_process_name").fill("Bokning av lokaler")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ASSET)
    # Its classification.
    page.goto(f"{base}/register/klassningar/ny/")
    # The asset is found by typing part of its name (a picker, not a select of
    # the whole register).
    page.locator("#id_asset_search").fill(ASSET.split()[0])
    page.locator("#id_asset_results").get_by_label(ASSET).check()
    expect(page.locator("#id_asset_chosen")).to_contain_text(ASSET)
    page.locator("#id_classified_on").fill("2025-03-10")
    page.locator("#id_k").select_option(index=2)
    page.locator("#id_r").select_option(index=2)
    page.locator("#id_t").select_option(index=1)
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ASSET)
    # The asset is now classified, its status following its first
    # classification: the change the auditor will look for.
    page.goto(f"{base}/register/informationsmangder/")
    page.get_by_role("link", name=ASSET).click()
    expect(page.locator("dl.details")).to_contain_text("Klassad")
    # A risk.
    page.goto(f"{base}/register/risker/ny/")
    page.locator("#id_title").fill("Obehörig åtkomst till kunduppgifter")
    page.locator("#id_likelihood").select_option(index=3)
    page.locator("#id_consequence").select_option(index=3)
    page.locator("#id_identified_on").fill("2025-03-10")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Obehörig åtkomst till kunduppgifter"
    )
    # An action in the plan.
    page.goto(f"{base}/atgarder/ny/")
    page.locator("#id_area").select_option(label="Styrning och ledning")
    page.locator("#id_text").fill("Utbilda informationsägarna i klassning")
    page.locator("#id_start_year").fill("2026")
    page.locator("#id_risks_search").fill("obehörig åtkomst")
    page.locator("#id_risks_results").get_by_label(
        "Obehörig åtkomst till kunduppgifter"
    ).check()
    page.get_by_role("button", name="Spara").click()
    page.goto(f"{base}/atgarder/")
    expect(page.locator("main")).to_contain_text(
        "Utbilda informationsägarna i klassning"
    )
    action = Action.objects.get(text="Utbilda informationsägarna i klassning")
    assert [r.title for r in action.risks.all()] == [
        "Obehörig åtkomst till kunduppgifter"
    ]
    # The narrative, seen in the preview.
    _section_form(page, live_server, kul, review, NARRATIVE)
    page.goto(f"{base}/granskning/{review.pk}/forhandsgranskning/")
    expect(page.locator("main")).to_contain_text(NARRATIVE)
    screenshot(page, "journey-preview")
    # Submitted for decision.
    page.goto(f"{base}/granskning/{review.pk}/")
    _submit(page)
    expect(page.locator("main")).to_contain_text("Inskickad för beslut")


def test_the_three_journeys(page, login, live_server, kul, people, review):
    base = f"{live_server.url}/{kul.code}"

    login(people["coordinator"])
    _coordinator_journey(page, live_server, kul, review)
    _logout(page)

    # The head comments on a section and returns the review.
    login(people["head"])
    page.goto(f"{base}/granskning/{review.pk}/")
    page.locator("#comment-1\\.1").fill("Nämn vem som deltog i klassningen.")
    page.get_by_role(
        "button", name=re.compile(f"^Lägg till kommentar\\s*: {SECTION}$")
    ).click()
    expect(page.locator("main")).to_contain_text("Nämn vem som deltog i klassningen.")
    page.get_by_role("link", name="Återremittera").click()
    page.locator("#id_comment").fill("Komplettera avsnitt 1.1 enligt kommentaren.")
    page.get_by_role("button", name="Återremittera").click()
    page.wait_for_url(re.compile(rf"/granskning/{review.pk}/$"))
    expect(page.locator("main")).to_contain_text("Återremitterad")
    _logout(page)

    # The coordinator sees the comment, edits and submits again.
    login(people["coordinator"])
    page.goto(f"{base}/granskning/{review.pk}/")
    expect(page.locator("main")).to_contain_text("Nämn vem som deltog i klassningen.")
    _section_form(page, live_server, kul, review, f"{NARRATIVE} {REVISED}")
    page.goto(f"{base}/granskning/{review.pk}/")
    _submit(page)
    expect(page.locator("main")).to_contain_text("Inskickad för beslut")
    _logout(page)

    # The head approves with the password and downloads the PDF.
    login(people["head"])
    page.goto(f"{base}/granskning/{review.pk}/")
    page.get_by_role("link", name="Besluta").click()
    page.locator("#id_decided_on").fill("2025-12-01")
    page.locator("#id_password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Besluta").click()
    page.wait_for_url(re.compile(rf"/granskning/{review.pk}/$"))
    expect(page.locator("main")).to_contain_text("Beslutad")
    screenshot(page, "journey-approved")
    link = page.get_by_role("link", name="Den beslutade PDF-filen")
    pdf = page.request.get(live_server.url + link.get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf"
    first_page = PdfReader(io.BytesIO(pdf.body())).pages[0].extract_text()
    assert "Beslutad 2025-12-01" in first_page
    assert "Ledningens genomgång 2025" in first_page
    review.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED
    assert review.decided_on == date(2025, 12, 1)
    _logout(page)

    # The auditor finds the change, opens the approved report, changes nothing.
    login(people["auditor"])
    page.goto(f"{base}/")
    page.get_by_role("link", name="Ändringshistorik", exact=True).click()
    page.get_by_label("Typ av post").select_option(label="Informationsmängder")
    page.get_by_label("Namnet innehåller").fill("Bokningssystemet")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_url(re.compile(r"kind=classification\.informationasset"))
    change = page.locator("tbody tr", has_text="Ändrad").first
    expect(change).to_contain_text("Sara Samordnare")
    expect(change).to_contain_text("Inventerad")
    expect(change).to_contain_text("Klassad")
    expect(change).to_contain_text("statusen följer klassningen")
    screenshot(page, "journey-history")
    page.goto(f"{base}/granskning/")
    page.get_by_role("link", name=re.compile("Ledningens genomgång 2025")).click()
    href = page.get_by_role("link", name="Den beslutade PDF-filen").get_attribute(
        "href"
    )
    assert page.request.get(live_server.url + href).body() == pdf.body()
    refused = page.goto(f"{base}/granskning/{review.pk}/avsnitt/1.1/")
    assert refused.status == 403
    refused = page.goto(f"{base}/register/informationsmangder/ny/")
    assert refused.status == 403
    _logout(page)

    # Someone of another organisation reaches none of it.
    other = make_organisation("IDR", name="Idrottsförvaltningen")
    stranger = make_member(other, Role.COORDINATOR, make_user("idrott"))
    login(stranger)
    archived = ManagementReview.objects.get(pk=review.pk).archive
    for path in (
        f"/{kul.code}/",
        f"/{kul.code}/granskning/{review.pk}/",
        f"/{kul.code}/granskning/arkiv/{archived.pk}/genomgang.pdf",
        f"/{kul.code}/historik/",
        f"/{kul.code}/register/informationsmangder/",
    ):
        response = page.goto(live_server.url + path)
        assert response.status == 404, path
        assert ASSET not in page.content()
        assert "Kulturförvaltningen" not in page.content()


FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    id: el.id, tag: el.tagName, name: (el.innerText || el.value || '').trim(),
    visible: style.outlineStyle !== 'none' || style.boxShadow !== 'none',
  };
}"""


def _tab_to(page, wanted, limit=80):
    """Press Tab until the focused element matches ``wanted`` (a function of the
    focus description); every element reached so shows a visible focus. The
    element that already has the focus (autofocus) counts."""
    focused = page.evaluate(FOCUSED)
    if focused["tag"] != "BODY" and wanted(focused):
        return focused
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "BODY":
            continue  # past the last element: the browser's own controls
        assert focused["visible"], f"no visible focus on {focused}"
        if wanted(focused):
            return focused
    raise AssertionError("never reached the element with the keyboard")


def _press(page, wanted, url_pattern):
    """Tab to ``wanted``, press Enter, wait for the page it leads to."""
    _tab_to(page, wanted)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(url_pattern))


def _by_id(element_id):
    return lambda f: f["id"] == element_id


def _by_text(pattern):
    return lambda f: re.search(pattern, f["name"].replace("\n", " ")) is not None


def test_the_coordinator_journey_by_keyboard_alone(
    page, live_server, kul, people, review
):
    keys = page.keyboard
    page.goto(f"{live_server.url}/logga-in/")
    _tab_to(page, _by_id("id_username"))
    keys.type("samordnare")
    _tab_to(page, _by_id("id_password"))
    keys.type("correct-horse-battery-staple")
    keys.press("Enter")
    page.wait_for_url(re.compile(r"/KUL/$"))

    # A new information asset.
    _press(page, _by_text(r"^Informationsmängder$"), r"/informationsmangder/$")
    _press(page, _by_text(r"^Ny$"), r"/ny/$")
    _tab_to(page, _by_id("id_name"))
    keys.type(ASSET)
    _tab_to(page, _by_text(r"^Spara$"))
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(ASSET)

    # Its classification: the asset is searched for, its match ticked with the
    # space bar; a select takes the first letters of its option, typed.
    page.goto(f"{live_server.url}/KUL/register/klassningar/")
    _press(page, _by_text(r"^Ny$"), r"/ny/$")
    _tab_to(page, _by_id("id_asset_search"))
    keys.type("Bok")
    expect(page.locator("#id_asset_results")).to_contain_text(ASSET)
    keys.press("Tab")  # the first match follows the search box
    label = "() => document.activeElement.closest('label').innerText.trim()"
    assert page.evaluate(label) == ASSET
    keys.press("Space")
    expect(page.locator("#id_asset_chosen")).to_contain_text(ASSET)
    for field, typed in (
        ("id_k", "2"),
        ("id_r", "2"),
        ("id_t", "1"),
    ):
        _tab_to(page, _by_id(field))
        keys.type(typed)
    _tab_to(page, _by_text(r"^Spara$"))
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(ASSET)

    # The narrative and the submission.
    page.goto(f"{live_server.url}/KUL/granskning/{review.pk}/")
    _press(page, _by_text(f"^Ändra text\\s*: {SECTION}$"), r"/avsnitt/1\.1/$")
    _tab_to(page, _by_id("id_text"))
    keys.type(NARRATIVE)
    _press(page, _by_text(r"^Spara$"), rf"/granskning/{review.pk}/(#.*)?$")
    _press(page, _by_text(r"^Skicka in för beslut$"), r"/skicka/$")
    _tab_to(page, _by_id("id_confirmed"))
    keys.press("Space")
    _press(page, _by_text(r"^Skicka in för beslut$"), rf"/granskning/{review.pk}/$")
    expect(page.locator("main")).to_contain_text("Inskickad för beslut")

    classification = Classification.objects.get(asset__name=ASSET)
    assert (classification.k, classification.r, classification.t) == (2, 2, 1)
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    assert review.sections.get(key="1.1").text == NARRATIVE
    assert review.organisation.pk == kul.pk
