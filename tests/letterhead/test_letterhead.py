"""The organisation's letterhead: the logo's checks, the service, the page and
the logo's own URL."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lgsys.demo import DEMO_LOGO
from lgsys.forms import TOKEN_FIELD
from lgsys.letterhead import logo, services
from lgsys.letterhead.views import LOGO_CSP
from lgsys.models import Organisation
from lgsys.services import StaleEdit, version_of, version_token
from tests.letterhead.factories import SVG_LOGO, png_logo, set_logo


def refusal(data: bytes) -> str:
    """The code of the error check_logo refuses ``data`` with."""
    with pytest.raises(ValidationError) as refused:
        logo.check_logo(data)
    assert list(refused.value.error_dict) == ["logo"]
    return refused.value.error_dict["logo"][0].code


def svg(body: str, root: str = 'viewBox="0 0 10 10"') -> bytes:
    return f'<svg xmlns="http://www.w3.org/2000/svg" {root}>{body}</svg>'.encode()


XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"'


# The checks ------------------------------------------------------------------


def test_good_logos_pass_with_the_type_read_from_their_bytes():
    assert logo.check_logo(png_logo()) == logo.PNG
    assert logo.check_logo(SVG_LOGO) == logo.SVG
    assert logo.check_logo(b"\xef\xbb\xbf\n" + SVG_LOGO) == logo.SVG  # BOM, newline
    assert logo.check_logo(DEMO_LOGO.read_bytes()) == logo.SVG  # the demo's crest
    assert logo.check_logo(svg("", 'width="10" height="10"')) == logo.SVG
    # local references are fine: #fragments in href, xlink:href and url(...)
    assert logo.check_logo(
        svg(
            '<defs><clipPath id="c"><rect width="5" height="5"/></clipPath></defs>'
            '<style>.a { fill: url("#c") }</style>'
            '<use xlink:href="#c"/><rect style="clip-path: url(#c)"/>',
            XLINK,
        )
    )


def test_too_big_or_not_an_image_is_refused():
    assert refusal(png_logo() + b"\0" * logo.MAX_BYTES) == "too_big"
    assert refusal(SVG_LOGO + b" " * logo.MAX_BYTES) == "too_big"
    assert refusal(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;") == "not_image"
    assert refusal(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00") == "not_image"  # JPEG
    assert refusal(b"%PDF-1.7\n") == "not_image"
    assert refusal(b"") == "not_image"


def test_a_png_must_decode_within_its_size():
    assert refusal(logo.PNG_SIGNATURE + b"\0" * 100) == "bad_png"
    assert refusal(png_logo()[:-30]) == "bad_png"  # truncated
    assert refusal(png_logo(width=logo.MAX_PNG_SIDE + 1, height=2)) == "png_too_large"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        # an SVG never fetches anything
        (
            svg('<image href="https://evil.example/x.png" width="5" height="5"/>'),
            "svg_external",
        ),
        (svg('<image xlink:href="file:///etc/passwd"/>', XLINK), "svg_external"),
        (svg('<image href="data:image/png;base64,iVBORw0KGgo="/>'), "svg_external"),
        (
            svg('<a href="javascript:alert(1)"><rect width="5" height="5"/></a>'),
            "svg_external",
        ),
        (svg('<rect fill="url(https://evil.example/p.svg#p)"/>'), "svg_external"),
        (svg("<rect style=\"fill: url('//evil.example/p')\"/>"), "svg_external"),
        (
            svg("<style>rect { fill: url(http://evil.example/) }</style>"),
            "svg_external",
        ),
        (svg("<style>@import 'https://evil.example/a.css';</style>"), "svg_css"),
        (svg('<rect style="fill: \\75 rl(http://evil.example/)"/>'), "svg_css"),
        (svg('<feImage href="https://evil.example/"/>'), "svg_external"),
        # no scripts
        (svg("<script>alert(1)</script>"), "svg_script"),
        (svg('<script xlink:href="#x"/>', XLINK), "svg_script"),
        (svg("", 'viewBox="0 0 10 10" onload="alert(1)"'), "svg_script"),
        (svg('<rect onclick="alert(1)" width="5" height="5"/>'), "svg_script"),
        (
            svg(
                '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div>'
                "</foreignObject>"
            ),
            "svg_embedded",
        ),
        (svg('<set attributeName="href" to="javascript:alert(1)"/>'), "svg_animation"),
        # no DOCTYPE, no entities, no style sheet instructions
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg" '
            b'viewBox="0 0 1 1"><text>&b;</text></svg>',
            "svg_doctype",
        ),
        (
            b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
            b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' + SVG_LOGO,
            "svg_doctype",
        ),
        (
            b'<?xml-stylesheet href="https://evil.example/a.css"?>' + SVG_LOGO,
            "svg_instruction",
        ),
        (svg("<text>&undefined;</text>"), "svg_malformed"),
        (svg("<unclosed>"), "svg_malformed"),
        (b"<html><body>not svg</body></html>", "not_svg"),
        (svg("", 'width="10"'), "svg_no_size"),
    ],
)
def test_an_unsafe_svg_is_refused(data, code):
    assert refusal(data) == code


def test_an_svg_that_multiplies_its_own_parts_is_refused():
    # ten levels of ten <use> of the level below: 10^10 shapes to draw
    levels = ['<g id="l0"><rect width="1" height="1"/></g>']
    for n in range(1, 11):
        uses = "".join(f'<use href="#l{n - 1}"/>' for _ in range(10))
        levels.append(f'<g id="l{n}">{uses}</g>')
    bomb = svg("<defs>" + "".join(levels) + '</defs><use href="#l10"/>')
    assert len(bomb) < 5000
    assert refusal(bomb) == "svg_complex"
    cycle = svg('<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g>')
    assert refusal(cycle) == "svg_complex"
    assert refusal(svg("<g>" * 100 + "</g>" * 100)) == "svg_deep"


def test_the_refusals_read_in_swedish():
    from django.utils import translation

    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        logo.check_logo(svg('<image href="https://evil.example/x.png"/>'))
    message = refused.value.error_dict["logo"][0].message
    assert message.startswith("SVG-filen får inte hänvisa till något utanför sig själv")
    assert "https://evil.example/x.png" in message


# The service -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_coordinator_sets_and_removes_the_logo_with_a_reason(org, coordinator):
    org = set_logo(org, coordinator, png_logo(), municipality="  Malmö   stad ")
    stored = Organisation.objects.get(pk=org.pk)
    assert (stored.municipality, stored.logo_type) == ("Malmö stad", logo.PNG)
    assert bytes(stored.logo) == png_logo()
    assert stored.history.first().history_change_reason == "letterhead_changed"
    assert stored.history.first().history_user == coordinator
    services.organisation_letterhead_set(
        organisation=stored,
        by=coordinator,
        municipality="Malmö stad",
        remove_logo=True,
        version=version_of(stored),
    )
    stored = Organisation.objects.get(pk=org.pk)
    assert (stored.logo, stored.logo_type) == (None, "")


@pytest.mark.django_db
def test_the_service_refuses_other_roles_bad_files_and_stale_edits(
    org, coordinator, head, auditor, owner, outsider
):
    for user in (head, auditor, owner, outsider):
        with pytest.raises(PermissionDenied):
            set_logo(org, user, png_logo())
    with pytest.raises(ValidationError) as refused:
        set_logo(org, coordinator, svg("<script>alert(1)</script>"))
    assert "logo" in refused.value.message_dict
    shown = Organisation.objects.get(pk=org.pk)
    set_logo(org, coordinator, png_logo())  # someone else saves meanwhile
    with pytest.raises(StaleEdit) as stale:
        services.organisation_letterhead_set(
            organisation=shown,
            by=coordinator,
            municipality="Göteborgs stad",
            version=version_of(shown),
        )
    assert "Logotyp är nu: en annan fil" in stale.value.messages
    assert Organisation.objects.get(pk=org.pk).municipality == "Stockholms stad"


def test_a_form_carries_the_logo_as_a_digest_not_its_bytes():
    org = Organisation(name="X", code="X1", logo=png_logo(), logo_type=logo.PNG)
    assert version_of(org)["logo"].startswith("sha256:")
    assert len(version_token(org)) < 1000


# The page --------------------------------------------------------------------


def url(org) -> str:
    return f"/{org.code}/brevhuvud/"


@pytest.mark.django_db
def test_the_page_is_the_coordinators(
    org, coordinator, head, auditor, owner, outsider, as_user
):
    assert as_user(coordinator).get(url(org)).status_code == 200
    for user in (head, auditor, owner):
        assert as_user(user).get(url(org)).status_code == 403
        assert as_user(user).post(url(org), {}).status_code == 403
    assert as_user(outsider).get(url(org)).status_code == 404
    assert as_user(outsider).post(url(org), {}).status_code == 404
    # the dashboard links to it for the coordinator only
    assert url(org) in as_user(coordinator).get(f"/{org.code}/").content.decode()
    assert url(org) not in as_user(head).get(f"/{org.code}/").content.decode()


@pytest.mark.django_db
def test_uploading_a_logo_on_the_page(org, coordinator, as_user):
    client = as_user(coordinator)
    stored = Organisation.objects.get(pk=org.pk)
    response = client.post(
        url(org),
        {
            "municipality": "Stockholms stad",
            TOKEN_FIELD: version_token(stored),
            "logo": SimpleUploadedFile("vapen.svg", SVG_LOGO, "image/svg+xml"),
        },
    )
    assert response.status_code == 302
    stored = Organisation.objects.get(pk=org.pk)
    assert (bytes(stored.logo), stored.logo_type) == (SVG_LOGO, logo.SVG)
    page = client.get(url(org)).content.decode()
    assert f'src="/{org.code}/brevhuvud/logotyp/"' in page
    assert 'name="remove_logo"' in page


@pytest.mark.django_db
def test_a_bad_file_gets_a_swedish_message_on_the_file_field(org, coordinator, as_user):
    client = as_user(coordinator)
    stored = Organisation.objects.get(pk=org.pk)
    cases = [
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "måste vara en PNG- eller SVG-bild"),
        (
            svg('<image href="https://evil.example/x.png"/>'),
            "får inte hänvisa till något utanför sig själv",
        ),
        (svg("<script>alert(1)</script>"), "får inte innehålla skript"),
        (
            b'<!DOCTYPE svg [<!ENTITY a "a">]>' + SVG_LOGO,
            "får inte innehålla DOCTYPE eller entiteter",
        ),
        # over 200 kB, under the body's limit: refused by the check
        (png_logo() + b"\0" * logo.MAX_BYTES, "större än 200 kB"),
    ]
    for data, words in cases:
        response = client.post(
            url(org),
            {
                "municipality": "Göteborgs stad",
                TOKEN_FIELD: version_token(stored),
                "logo": SimpleUploadedFile("logo.svg", data, "image/svg+xml"),
            },
        )
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert list(errors) == ["logo"] and words in errors["logo"][0], errors
        assert words in response.content.decode()
        assert 'value="Göteborgs stad"' in response.content.decode()  # kept
    stored = Organisation.objects.get(pk=org.pk)
    assert (stored.municipality, stored.logo) == ("Stockholms stad", None)


@pytest.mark.django_db
def test_a_body_over_the_limit_is_refused_unread(org, coordinator, as_user):
    client = as_user(coordinator)
    stored = Organisation.objects.get(pk=org.pk)
    response = client.post(
        url(org),
        {
            "municipality": "Göteborgs stad",
            TOKEN_FIELD: version_token(stored),
            "logo": SimpleUploadedFile("big.png", b"\0" * 400_000, "image/png"),
        },
    )
    assert response.status_code == 413
    assert response.context["form"].errors["logo"] == ["Logotypen är större än 200 kB."]
    assert Organisation.objects.get(pk=org.pk).municipality == "Stockholms stad"


# The logo's URL --------------------------------------------------------------


@pytest.mark.django_db
def test_the_logo_is_served_inert_to_members_only(
    org, other_org, coordinator, head, outsider, as_user
):
    logo_url = f"/{org.code}/brevhuvud/logotyp/"
    assert as_user(head).get(logo_url).status_code == 404  # none yet
    set_logo(org, coordinator, SVG_LOGO)
    response = as_user(head).get(logo_url)
    assert response.status_code == 200
    assert response.content == SVG_LOGO
    assert response["Content-Type"] == "image/svg+xml"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == LOGO_CSP
    assert as_user(outsider).get(logo_url).status_code == 404
    set_logo(org, coordinator, png_logo())
    assert as_user(head).get(logo_url)["Content-Type"] == "image/png"
