"""OpenID Connect: authorization code flow with PKCE, through Authlib.

Authlib reads the discovery document, sends ``state``, ``nonce`` and the S256
code challenge, takes the code back with the verifier, and checks the ID token's
signature against the provider's published keys (JWKS), its issuer, audience,
expiry and nonce. What is refused is named with a ``SecurityEvent.Reason``.
"""

import hashlib
import threading

from authlib.integrations.base_client import OAuthError
from authlib.integrations.base_client.errors import MismatchingStateError
from authlib.integrations.django_client import OAuth
from joserfc import errors as jose
from joserfc.errors import JoseError

from lgsys.models import SecurityEvent
from lgsys.sso import conf

Reason = SecurityEvent.Reason
# Seconds a clock may differ between the identity provider and lgsys.
LEEWAY = 30

_lock = threading.Lock()
_clients: dict[str, object] = {}


class Refused(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(detail or reason)
        self.reason, self.detail = reason, detail


def client():
    """The Authlib client of the configured provider (its discovery document and
    keys cached for the process)."""
    settings = conf.oidc()
    key = hashlib.sha256(repr(sorted(settings.items())).encode()).hexdigest()
    with _lock:
        if key not in _clients:
            oauth = OAuth()
            oauth.register(
                "idp",
                client_id=settings["client_id"],
                client_secret=settings["client_secret"],
                server_metadata_url=settings["discovery_url"],
                client_kwargs={
                    "scope": settings["scope"],
                    "code_challenge_method": "S256",
                },
            )
            _clients[key] = oauth.create_client("idp")
        return _clients[key]


def authorize_redirect(request, *, redirect_uri: str, reauthenticate: bool):
    extra = {"max_age": 0, "prompt": "login"} if reauthenticate else {}
    return client().authorize_redirect(request, redirect_uri, **extra)


def take_answer(request) -> tuple[dict, dict]:
    """The checked ID token's claims and the token, or ``Refused``."""
    try:
        token = client().authorize_access_token(request, leeway=LEEWAY)
    except MismatchingStateError as error:
        raise Refused(Reason.BAD_STATE, str(error)) from error
    except OAuthError as error:
        raise Refused(Reason.IDP_REFUSED, str(error)) from error
    except jose.BadSignatureError as error:
        raise Refused(Reason.BAD_SIGNATURE, str(error)) from error
    except jose.ExpiredTokenError as error:
        raise Refused(Reason.EXPIRED, str(error)) from error
    except jose.ClaimError as error:
        reason = {
            "aud": Reason.WRONG_AUDIENCE,
            "azp": Reason.WRONG_AUDIENCE,
            "nonce": Reason.BAD_NONCE,
            "iat": Reason.EXPIRED,
            "exp": Reason.EXPIRED,
        }.get(error.claim, Reason.INVALID)
        raise Refused(reason, str(error)) from error
    except (JoseError, ValueError) as error:
        raise Refused(Reason.INVALID, str(error)) from error
    claims = token.get("userinfo")
    if not claims or not claims.get("sub"):
        raise Refused(Reason.INVALID, "no ID token")
    return dict(claims), token


def logout_url(request, *, id_token: str, post_logout_redirect_uri: str) -> str:
    """The provider's end-session address for this session, or ""."""
    try:
        metadata = client().load_server_metadata()
    except Exception:  # the provider is down: lgsys's own logout is done
        return ""
    endpoint = metadata.get("end_session_endpoint")
    if not endpoint:
        return ""
    from urllib.parse import urlencode

    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": post_logout_redirect_uri,
            "client_id": conf.oidc()["client_id"],
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
