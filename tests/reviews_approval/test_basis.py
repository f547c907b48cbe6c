"""“Underlag för beslut” (issue 17, point 2): the head's page beside the report,
and the review's own history the head may read."""

import re

import pytest
from django.core.cache import cache

from classification.models import InformationAsset
from lgsys.models import Role
from lgsys.services import version_of
from reviews.approval import services
from reviews.approval.basis import actions_summary
from reviews.report import services as report_services
from tests.factories import PASSWORD, make_member, make_user
from tests.reviews_approval.helpers import approve_directly
from tests.reviews_report.factories import fill_required, make_review

pytestmark = pytest.mark.django_db

BEFORE = "Förvaltningen har klassat 12 informationsmängder under våren."
AFTER = "Förvaltningen har klassat 40 informationsmängder under våren och hösten."


def _write(review, key, text, by):
    section = review.sections.get(key=key)
    report_services.section_update(
        section=section, text=text, by=by, version=version_of(section)
    )


@pytest.fixture
def last_year(org, coordinator):
    review = fill_required(make_review(org, year=2023), text="Samma som i fjol.")
    _write(review, "1.1", BEFORE, coordinator)
    return approve_directly(
        review, blocks={"coverage": {"assets": 10, "share_classified": 50.0}}
    )


@pytest.fixture
def submitted(org, coordinator, head, last_year):
    review = make_review(org, year=2024, copy_from=last_year)
    fill_required(review)
    _write(review, "1.1", AFTER, coordinator)
    _write(review, "1.2.1", "Ny lag om *cybersäkerhet*.", coordinator)
    for name in ("Diarium", "Bokning", "Lönesystem"):
        InformationAsset.objects.create(organisation=org, name=name)
    services.review_submit(review=review, by=coordinator)
    return review


def _page(client, review, part="underlag"):
    return client.get(f"/KUL/granskning/{review.pk}/{part}/")


def _section(html, key):
    """The article of section ``key`` on the page."""
    start = html.index(f'id="basis-{key}"')
    return html[start : html.index("</article>", start)]


def test_who_reads_the_basis_and_the_review_history(
    submitted, coordinator, head, auditor, owner, outsider, as_user
):
    for part in ("underlag", "historik"):
        for who, status in (
            (head, 200),
            (coordinator, 200),
            (auditor, 200),
            (owner, 403),
            (outsider, 404),
        ):
            assert _page(as_user(who), submitted, part).status_code == status, (
                part,
                who,
            )


def test_another_organisations_review_is_404(submitted, other_org, as_user):
    foreign_head = make_member(other_org, Role.HEAD, make_user("annanchef"))
    client = as_user(foreign_head)
    assert client.get(f"/IDR/granskning/{submitted.pk}/underlag/").status_code == 404
    assert client.get(f"/IDR/granskning/{submitted.pk}/historik/").status_code == 404


def test_key_figures_beside_last_years_approved(submitted, head, as_user):
    html = _page(as_user(head), submitted).content.decode()
    assert "Nyckeltal 2024 bredvid den beslutade genomgången 2023" in html
    row = re.search(r"<th scope=\"row\">Informationsmängder</th>(.*?)</tr>", html)
    cells = re.findall(r'<td class="num">([^<]*)</td>', row[1])
    assert cells == ["3", "10", "-7"]


def test_each_section_new_changed_or_unchanged_with_a_word_difference(
    submitted, head, as_user
):
    html = _page(as_user(head), submitted).content.decode()
    changed = _section(html, "1.1")
    assert "Ändrat" in changed
    assert (
        '<del><span class="visually-hidden">Borttaget: </span>12'
        '<span class="visually-hidden"> (slut på borttagen text)</span></del> '
        '<ins><span class="visually-hidden">Tillagt: </span>40<span'
    ) in changed
    assert "våren och hösten." in changed
    new = _section(html, "1.2.1")
    assert "Nytt" in new and "<em>cybersäkerhet</em>" in new and "*" not in new
    assert "Oförändrat" in _section(html, "1.2.4")
    assert "Ingen text" in _section(html, "1.2.5")


def test_after_a_return_the_changes_since_it(submitted, coordinator, head, as_user):
    services.review_return(review=submitted, by=head, comment="Förtydliga 1.2.9.")
    _write(submitted, "1.2.9", "Två incidenter, ingen anmäld till IMY.", coordinator)
    services.review_submit(review=submitted, by=coordinator)
    html = _page(as_user(head), submitted).content.decode()
    since = html[html.index('id="since-return-heading"') :]
    since = since[: since.index("</section>")]
    assert "återremitterad: Förtydliga 1.2.9." in since
    assert "1.2.9 Information om avvikelser och incidenter" in since
    assert "Två incidenter, ingen anmäld till IMY." in since
    assert "1.1 " not in since  # changed before the return, not after
    assert "Förtydliga 1.2.9." in html[html.index('id="comments-heading"') :]


def test_the_approval_form_at_the_bottom_for_the_head_only(
    submitted, head, coordinator, as_user
):
    action = f'action="/KUL/granskning/{submitted.pk}/besluta/"'
    html = _page(as_user(head), submitted).content.decode()
    assert action in html and 'name="password"' in html
    assert html.index("Nyckeltal") < html.index(action)
    html = _page(as_user(coordinator), submitted).content.decode()
    assert action not in html


def test_after_approval_one_pdf_its_sha256_and_the_verification_link(
    submitted, head, as_user
):
    from datetime import date

    services.review_approve(
        review=submitted, by=head, password=PASSWORD, decided_on=date(2024, 12, 1)
    )
    archive = submitted.archive
    html = _page(as_user(head), submitted).content.decode()
    assert html.count(f"/KUL/granskning/arkiv/{archive.pk}/genomgang.pdf") == 1
    assert archive.sha256 in html
    assert 'href="/verifiera/"' in html
    assert 'name="password"' not in html


def test_actions_new_finished_delayed_and_carried_over():
    blocks = {
        "carry_over": {
            "rows": [
                {"text": "Klart", "status": "genomford", "carries_over": False},
                {"text": "Struket", "status": "struken", "carries_over": False},
                {"text": "Sent", "status": "forsenad", "carries_over": True},
                {"text": "Pågår", "status": "pagar", "carries_over": True},
            ]
        },
        "action_plan": {
            "areas": [
                {
                    "title": "Styrning",
                    "groups": [
                        {
                            "label": "2025",
                            "actions": [
                                {"text": "Pågår", "status": "pagar"},
                                {"text": "Nytt", "status": "ej_paborjad"},
                                {"text": "Nytt sent", "status": "forsenad"},
                            ],
                        }
                    ],
                }
            ]
        },
    }
    summary = actions_summary(blocks)
    texts = {kind: [a["text"] for a in rows] for kind, rows in summary.items()}
    assert texts == {
        "new": ["Nytt", "Nytt sent"],
        "finished": ["Klart", "Struket"],
        "delayed": ["Sent", "Nytt sent"],
        "carried_over": ["Sent", "Pågår"],
    }
    assert summary["new"][0]["area"] == "Styrning"
    # in last year's approved plan already: not new
    earlier = {
        "action_plan": {
            "areas": [
                {
                    "title": "Styrning",
                    "groups": [
                        {
                            "label": "2024",
                            "actions": [{"text": "Nytt sent", "status": "pagar"}],
                        }
                    ],
                }
            ]
        }
    }
    assert [a["text"] for a in actions_summary(blocks, earlier)["new"]] == ["Nytt"]
    assert actions_summary({}) == {
        "new": [],
        "finished": [],
        "delayed": [],
        "carried_over": [],
    }


def test_the_review_page_the_preview_and_the_decisions_lead_to_the_basis(
    submitted, head, owner, as_user
):
    link = f'href="/KUL/granskning/{submitted.pk}/underlag/"'
    client = as_user(head)
    for path in ("", "forhandsgranskning/"):
        html = client.get(f"/KUL/granskning/{submitted.pk}/{path}").content.decode()
        assert link in html, path
    assert link in client.get("/KUL/granskning/beslut/").content.decode()
    html = as_user(owner).get(f"/KUL/granskning/{submitted.pk}/").content.decode()
    assert link not in html


def test_the_review_page_prints_the_narrative_as_the_report_does(
    org, coordinator, as_user
):
    review = make_review(org, year=2024)
    _write(review, "1.1", "Inledning med *betoning*.\n\n- en punkt\n- två", coordinator)
    html = as_user(coordinator).get(f"/KUL/granskning/{review.pk}/").content.decode()
    article = html[html.index('id="section-1.1"') :]
    article = article[: article.index("</li>\n")]
    assert "<em>betoning</em>" in article
    assert "<ul><li>en punkt</li><li>två</li></ul>" in html
    assert "*betoning*" not in html and "- en punkt" not in html


def test_the_review_history_has_the_review_its_sections_and_comments(
    submitted, coordinator, head, as_user, org
):
    services.comment_add(
        review=submitted, by=head, section_key="1.1", text="Vem deltog?"
    )
    other = make_review(org, year=2030)
    _write(other, "1.1", "En annan granskning.", coordinator)
    html = _page(as_user(head), submitted, "historik").content.decode()
    assert "inskickad för beslut" in html  # the review's own row, its reason
    assert "tagna per uppgiftsdagen" in html and "&#x27;coverage&#x27;" not in html
    assert "Avsnitt 1.1 Ledningssystem för informationssäkerhet" in html
    assert '<ins><span class="visually-hidden">Tillagt: </span>40<span' in html
    assert "Kommentar till 1.1 Ledningssystem för informationssäkerhet" in html
    assert "Vem deltog?" in html
    assert "En annan granskning." not in html


def _grow(review, n, coordinator, head):
    for i in range(n):
        services.comment_add(
            review=review, by=head, section_key="1.1", text=f"Kommentar {i}"
        )
        _write(review, "1.2.2", f"Text {i}", coordinator)


# What the basis or the history page may cost at most, and then exactly the
# same for a review with many more comments and versions.
PAGE_QUERIES = 60


@pytest.mark.parametrize("part", ["underlag", "historik"])
def test_query_count_does_not_grow_with_rows(
    part,
    org,
    coordinator,
    head,
    as_user,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    small = fill_required(make_review(org, year=2024))
    large = fill_required(make_review(org, year=2025))
    _grow(small, 3, coordinator, head)
    _grow(large, 50, coordinator, head)
    for review in (small, large):
        services.review_submit(review=review, by=coordinator)
        services.review_return(review=review, by=head, comment="Igen.")
        _write(review, "1.2.3", "Efter återremissen.", coordinator)
    client = as_user(head)
    client.get(f"/KUL/granskning/{small.pk}/{part}/")  # the session's first request
    cache.clear()  # each page builds its blocks (not a cached copy)
    with django_assert_max_num_queries(PAGE_QUERIES) as few:
        assert client.get(f"/KUL/granskning/{small.pk}/{part}/").status_code == 200
    cache.clear()
    with django_assert_num_queries(len(few)):
        assert client.get(f"/KUL/granskning/{large.pk}/{part}/").status_code == 200


def test_the_review_history_shows_50_changes_a_page_and_compares_only_those(
    org, coordinator, head, as_user, monkeypatch
):
    from reviews.approval import history

    review = make_review(org, year=2031)
    for i in range(60):
        _write(review, "1.2.2", f"Version {i} av texten.", coordinator)
    compared = []
    real = history.word_diff
    monkeypatch.setattr(
        history, "word_diff", lambda a, b: compared.append(1) or real(a, b)
    )
    client = as_user(head)
    total = len(history.review_history_rows(review))
    first = client.get(f"/KUL/granskning/{review.pk}/historik/").content.decode()
    assert first.count('<td class="nowrap">') == 50
    assert f"Sida 1 av {-(-total // 50)}" in first
    assert len(compared) == 50  # the 50 shown, each a change of the section's text
    # newest first: the last version's word, and not the first one's
    assert '<span class="visually-hidden">Tillagt: </span>59<' in first
    assert '<span class="visually-hidden">Tillagt: </span>1<' not in first
    second = client.get(f"/KUL/granskning/{review.pk}/historik/?page=2").content
    assert second.decode().count('<td class="nowrap">') == total - 50


def test_a_pages_oldest_change_is_compared_with_the_version_on_the_next_page(
    org, coordinator, head, as_user
):
    """The page is read from the database a page at a time: a section's oldest
    version on page 1 is still compared with the one before it, on page 2, and a
    comment on a section whose versions are all on later pages is named by the
    section's title."""
    review = make_review(org, year=2032)
    services.comment_add(review=review, by=head, section_key="1.1", text="Se över.")
    for i in range(60):
        _write(review, "1.2.2", f"Version {i} av texten.", coordinator)
    services.comment_add(review=review, by=head, section_key="1.1", text="Bättre.")
    client = as_user(head)
    first = client.get(f"/KUL/granskning/{review.pk}/historik/").content.decode()
    # newest first: the comment, then versions 59 down to 11 (49 rows); the
    # last of them replaced version 10, which is on page 2
    assert first.count('<td class="nowrap">') == 50
    assert "Kommentar till 1.1 Ledningssystem för informationssäkerhet" in first
    assert '<span class="visually-hidden">Tillagt: </span>11<' in first
    assert '<span class="visually-hidden">Borttaget: </span>10<' in first
    second = client.get(f"/KUL/granskning/{review.pk}/historik/?page=2").content
    assert '<span class="visually-hidden">Tillagt: </span>10<' in second.decode()
