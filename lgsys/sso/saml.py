"""SAML 2.0 as a service provider, through pysaml2 (signatures checked by
Debian's xmlsec1 program, no compiled binding).

Signed assertions are required; pysaml2 checks the signature, the audience, the
recipient and the validity window. lgsys itself refuses a replay (every
assertion id is kept until it expires) and an answer to a request this session
never made.
"""

import hashlib
import threading
import time
from datetime import UTC, datetime, timedelta

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import entity_descriptor
from saml2.response import IncorrectlySigned, StatusError
from saml2.saml import NameID
from saml2.sigver import SignatureError
from saml2.validate import ResponseLifetimeExceed, ToEarly

from lgsys.models import SecurityEvent
from lgsys.sso import conf

Reason = SecurityEvent.Reason
# Seconds a clock may differ between the identity provider and lgsys.
TIME_SLACK = 60
METADATA_SECONDS = 3600  # the identity provider's metadata is read again after

_lock = threading.Lock()
_clients: dict[str, tuple[float, Saml2Client]] = {}

EMAIL = (
    "mail",
    "email",
    "emailAddress",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
)
GIVEN_NAME = (
    "givenName",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
)
SURNAME = (
    "sn",
    "surname",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
)


class Refused(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(detail or reason)
        self.reason, self.detail = reason, detail


def entity_id(request) -> str:
    return conf.saml()["entity_id"] or conf.absolute(request, "sso:saml_metadata")


def _sp_settings(request) -> dict:
    settings = conf.saml()
    source = settings["idp_metadata"]
    if source.startswith(("https://", "http://")):
        metadata = {"remote": [{"url": source}]}
    else:
        metadata = {"local": [source]}
    sp = {
        "entityid": entity_id(request),
        "xmlsec_binary": settings["xmlsec_binary"],
        "metadata": metadata,
        "accepted_time_diff": TIME_SLACK,
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "endpoints": {
                    "assertion_consumer_service": [
                        (conf.absolute(request, "sso:saml_acs"), BINDING_HTTP_POST)
                    ],
                },
                # The answer's InResponseTo is checked by lgsys against the
                # session that asked (the POST arrives without its cookie).
                "allow_unsolicited": True,
                "want_assertions_signed": True,
                "want_response_signed": False,
                "authn_requests_signed": bool(settings["key_file"]),
            }
        },
    }
    if settings["key_file"]:
        sp["key_file"], sp["cert_file"] = settings["key_file"], settings["cert_file"]
    return sp


def client(request) -> Saml2Client:
    settings = _sp_settings(request)
    key = hashlib.sha256(repr(settings).encode()).hexdigest()
    now = time.monotonic()
    with _lock:
        cached = _clients.get(key)
        if cached is None or cached[0] < now:
            config = SPConfig()
            config.load(settings)
            cached = (now + METADATA_SECONDS, Saml2Client(config))
            _clients[key] = cached
        return cached[1]


def metadata_xml(request) -> str:
    return str(entity_descriptor(client(request).config))


def authn_request_url(request, *, force: bool) -> tuple[str, str]:
    """The identity provider's login address with a new AuthnRequest, and the
    request's id."""
    saml_client = client(request)
    idps = list(saml_client.metadata.identity_providers())
    if len(idps) != 1:
        raise Refused(Reason.INVALID, f"{len(idps)} identity providers in metadata")
    request_id, info = saml_client.prepare_for_authenticate(
        entityid=idps[0],
        binding=BINDING_HTTP_REDIRECT,
        force_authn="true" if force else None,
    )
    location = dict(info["headers"])["Location"]
    return location, request_id


def logout_url(request, *, name_id: str, session_index: str) -> str:
    """The identity provider's single logout address with a LogoutRequest for
    this session (HTTP-Redirect; signed when lgsys has a key), or "" when its
    metadata names no such endpoint."""
    try:
        saml_client = client(request)
        [idp] = list(saml_client.metadata.identity_providers())
        endpoints = saml_client.metadata.single_logout_service(
            idp, BINDING_HTTP_REDIRECT, "idpsso"
        )
    except Exception:  # metadata unreachable: lgsys's own logout is done
        return ""
    if not endpoints:
        return ""
    destination = endpoints[0]["location"]
    sign = bool(conf.saml()["key_file"])
    _request_id, logout_request = saml_client.create_logout_request(
        destination,
        idp,
        name_id=NameID(text=name_id),
        session_indexes=[session_index] if session_index else None,
        sign=False,  # the redirect binding signs the query string instead
    )
    info = saml_client.apply_binding(
        BINDING_HTTP_REDIRECT, str(logout_request), destination, sign=sign
    )
    return dict(info["headers"])["Location"]


def _first(ava: dict, names) -> str:
    for name in names:
        values = ava.get(name)
        if values:
            return str(values[0])
    return ""


def parse_response(request, encoded: str) -> dict:
    """The checked assertion of a POSTed SAMLResponse, or ``Refused``."""
    if not encoded:
        raise Refused(Reason.INVALID, "no SAMLResponse")
    try:
        response = client(request).parse_authn_request_response(
            encoded, BINDING_HTTP_POST
        )
    except (SignatureError, IncorrectlySigned) as error:
        raise Refused(Reason.BAD_SIGNATURE, str(error)[:200]) from error
    except (ResponseLifetimeExceed, ToEarly) as error:
        raise Refused(Reason.EXPIRED, str(error)[:200]) from error
    except StatusError as error:
        raise Refused(Reason.IDP_REFUSED, str(error)[:200]) from error
    except Exception as error:  # pysaml2 raises bare Exception for some checks
        text = str(error)
        if "AudienceRestrictions" in text:
            raise Refused(Reason.WRONG_AUDIENCE, text[:200]) from error
        if "recipient" in text.lower():
            raise Refused(Reason.WRONG_RECIPIENT, text[:200]) from error
        if "signature" in text.lower():
            raise Refused(Reason.BAD_SIGNATURE, text[:200]) from error
        detail = f"{type(error).__name__}: {text}"[:200]
        raise Refused(Reason.INVALID, detail) from error
    if response is None or response.assertion is None:
        raise Refused(Reason.INVALID, "no assertion")
    assertion = response.assertion
    authn_instant = None
    session_index = ""
    for statement in assertion.authn_statement or []:
        authn_instant = _parse_time(statement.authn_instant)
        session_index = statement.session_index or ""
    ava = response.ava or {}
    expires = (
        datetime.fromtimestamp(response.not_on_or_after, UTC)
        if response.not_on_or_after
        else datetime.now(UTC) + timedelta(hours=1)
    )
    return {
        "assertion_id": assertion.id,
        "in_response_to": response.in_response_to or "",
        "subject": response.name_id.text if response.name_id else "",
        "attributes": {k: [str(v) for v in vs] for k, vs in ava.items()},
        "authn_instant": authn_instant,
        "session_index": session_index,
        "expires": expires,
    }


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    value = value.replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def claims_of(attributes: dict, groups_attribute: str) -> dict:
    return {
        "email": _first(attributes, EMAIL),
        "first_name": _first(attributes, GIVEN_NAME),
        "last_name": _first(attributes, SURNAME),
        "groups": [str(g) for g in attributes.get(groups_attribute, [])],
    }
