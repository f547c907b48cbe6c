from io import BytesIO

from PIL import Image

from lgsys.letterhead import services
from lgsys.models import Organisation
from lgsys.services import version_of

SVG_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40">'
    b'<defs><linearGradient id="g"><stop offset="0" stop-color="#1d4f91"/>'
    b'<stop offset="1" stop-color="#0b2a52"/></linearGradient></defs>'
    b'<rect width="40" height="40" fill="url(#g)"/>'
    b'<circle id="sun" cx="20" cy="14" r="6" fill="#f2c200"/>'
    b'<use href="#sun" x="0" y="12"/></svg>'
)


def png_logo(width=120, height=80) -> bytes:
    out = BytesIO()
    Image.new("RGB", (width, height), (29, 79, 145)).save(out, format="PNG")
    return out.getvalue()


def set_logo(org, by, logo: bytes, municipality="Stockholms stad") -> Organisation:
    """``org`` with ``logo`` set through the service (as its coordinator ``by``)."""
    org = Organisation.objects.get(pk=org.pk)
    return services.organisation_letterhead_set(
        organisation=org,
        by=by,
        municipality=municipality,
        logo=logo,
        version=version_of(org),
    )
