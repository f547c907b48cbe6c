"""The navigation grouped by the year's work, folding into one menu on a phone,
and the pages that were linked from nowhere (issue 17, point 7)."""

import re

import pytest

from lgsys.context_processors import menu_groups
from lgsys.models import Role
from lgsys.registry import MenuItem
from tests.factories import make_member, make_user

GROUPS = ["Register", "Underlag", "Åtgärder", "Genomgång", "Historik"]


def _nav(page: str) -> str:
    return page.split('<nav class="site-nav"')[1].split("</nav>")[0]


def _groups(html: str) -> list[tuple[str, list[str]]]:
    """(heading, link texts) of each group of one rendering of the menu."""
    found = []
    for part in html.split('<li class="site-nav__group')[1:]:
        heading = re.search(r'<span class="site-nav__heading">([^<]*)</span>', part)
        links = re.findall(r"<a [^>]*>([^<]*)</a>", part)
        found.append((heading.group(1) if heading else "", links))
    return found


@pytest.mark.django_db
def test_the_menu_is_grouped_by_the_years_work(org, coordinator, as_user):
    page = as_user(coordinator).get(f"/{org.code}/register/risker/").content.decode()
    nav = _nav(page)
    wide = nav.split('<div class="site-nav__wide">')[1]
    groups = _groups(wide)
    assert [heading for heading, _links in groups] == ["", *GROUPS]
    links = dict(groups)
    assert links[""] == ["Översikt"]
    assert links["Register"] == [
        "Informationsmängder",
        "Klassningar",
        "Risker",
        "Riskkarta",
        "System",
        "Tröskelanalyser",
    ]
    assert "Incidenter" in links["Underlag"] and "Iakttagelser" in links["Underlag"]
    assert links["Åtgärder"] == ["Åtgärdsplan"]
    assert links["Genomgång"] == ["Ledningens genomgång"]
    assert links["Historik"] == ["Ändringshistorik"]
    # the current page is marked, and its group
    assert re.search(r'aria-current="page">Risker<', wide)
    active = wide.split("site-nav__group--active")[1].split("</li>")[0]
    assert '<span class="site-nav__heading">Register</span>' in active


@pytest.mark.django_db
def test_on_a_phone_the_groups_fold_into_one_menu_without_javascript(
    org, coordinator, as_user
):
    page = as_user(coordinator).get(f"/{org.code}/register/risker/").content.decode()
    nav = _nav(page)
    phone = nav.split('<details class="site-nav__phone">')[1].split("</details>")[0]
    assert re.search(r"<summary>Meny <span[^>]*>– Risker</span></summary>", phone)
    assert [h for h, _l in _groups(phone)] == ["", *GROUPS]
    # the same links in both renderings; CSS shows one of them
    wide = nav.split('<div class="site-nav__wide">')[1]
    assert _groups(phone) == _groups(wide)
    assert "<script" not in nav


@pytest.mark.django_db
def test_a_role_sees_only_its_groups(org, as_user):
    head = make_member(org, Role.HEAD, make_user("gsandberg"))
    page = as_user(head).get(f"/{org.code}/").content.decode()
    groups = dict(_groups(_nav(page).split('<div class="site-nav__wide">')[1]))
    assert groups["Genomgång"] == ["Ledningens genomgång", "Beslut"]
    assert "Historik" not in groups  # no history for the head


def test_items_go_to_their_group_and_an_unknown_group_is_not_lost():
    items = [
        MenuItem("A", "/a/", group="history"),
        MenuItem("B", "/b/", group="register"),
        MenuItem("C", "/c/"),
        MenuItem("D", "/d/", group="elsewhere"),
    ]
    groups = menu_groups([(item, item.label == "B") for item in items])
    assert [g["key"] for g in groups] == ["", "register", "history", ""]
    assert [[i.label for i, _a in g["items"]] for g in groups] == [
        ["C"],
        ["B"],
        ["A"],
        ["D"],
    ]
    assert [g["active"] for g in groups] == [False, True, False, False]


@pytest.mark.django_db
def test_the_asset_list_links_the_import_for_those_who_may_import(
    org, coordinator, auditor, as_user
):
    url = f"/{org.code}/register/informationsmangder/"
    link = f'href="{url}import/"'
    assert link in as_user(coordinator).get(url).content.decode()
    assert link not in as_user(auditor).get(url).content.decode()


@pytest.mark.django_db
def test_the_review_list_and_the_decisions_link_the_verification_page(
    org, coordinator, head, as_user
):
    page = as_user(coordinator).get(f"/{org.code}/granskning/").content.decode()
    assert 'href="/verifiera/"' in page
    page = as_user(head).get(f"/{org.code}/granskning/beslut/").content.decode()
    assert 'href="/verifiera/"' in page


@pytest.mark.django_db
def test_the_decided_pdf_names_the_verification_page(org, coordinator, settings):
    from datetime import date

    from reviews.report import services
    from reviews.report.pdf import render_review_html

    settings.LGSYS_BASE_URL = "https://lgsys.stockholm.se"
    review = services.review_create(organisation=org, year=2024, by=coordinator)
    draft = render_review_html(review)
    assert "Verifiera rapporten" not in draft
    decided = render_review_html(
        review, decided_on=date(2025, 3, 20), decided_by=coordinator
    )
    assert "Verifiera rapporten på https://lgsys.stockholm.se/verifiera/" in decided
