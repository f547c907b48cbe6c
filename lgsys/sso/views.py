"""The login through the identity provider, its answers, the step-up and the
logout. Every refusal is a security event with its reason (services)."""

from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from lgsys.forms import LoginForm
from lgsys.models import Membership, SecurityEvent
from lgsys.sso import conf, oidc, saml, services
from lgsys.sso import stepup as sso_stepup
from lgsys.sso.models import Identity, Provider

Reason = SecurityEvent.Reason
FLOW = "sso_flow"  # what the pending OIDC answer is for
SAML_REQUESTS = "sso_saml_requests"  # AuthnRequest id -> what it is for
ID_TOKEN = "sso_id_token"  # for the identity provider's logout (OIDC)
SAML_SESSION = "sso_saml_session"  # NameID and SessionIndex, for its logout (SAML)


class LoginView(auth_views.LoginView):
    """The login page: the city's identity providers first, then the password."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_providers"] = [
            (name, _login_url(name, context.get("next", ""))) for name in conf.enabled()
        ]
        context["local_login"] = settings.LGSYS_LOCAL_LOGIN
        return context


def _login_url(name: str, next_url: str) -> str:
    url = reverse(f"sso:{name}_login")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _safe_next(request, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


# OpenID Connect ------------------------------------------------------------------


@login_not_required
@require_GET
def oidc_login(request: HttpRequest) -> HttpResponse:
    if not conf.oidc():
        raise Http404
    return _oidc_start(request, purpose="login")


def _oidc_start(request, *, purpose: str) -> HttpResponse:
    request.session[FLOW] = {
        "purpose": purpose,
        "next": _safe_next(request, request.GET.get("next")),
    }
    return oidc.authorize_redirect(
        request,
        redirect_uri=conf.absolute(request, "sso:oidc_callback"),
        reauthenticate=purpose == "stepup",
    )


@login_not_required
@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    if not conf.oidc():
        raise Http404
    flow = request.session.pop(FLOW, None) or {"purpose": "login", "next": ""}
    try:
        claims, token = oidc.take_answer(request)
    except oidc.Refused as error:
        return _refused(request, Provider.OIDC, error.reason, error.detail)
    groups_claim = conf.oidc()["groups_claim"]
    groups = claims.get(groups_claim) or []
    if isinstance(groups, str):
        groups = [groups]
    auth_time = claims.get("auth_time")
    found = services.Claims(
        provider=Provider.OIDC,
        subject=str(claims["sub"]),
        email=claims.get("email") or "",
        first_name=claims.get("given_name") or "",
        last_name=claims.get("family_name") or "",
        groups=[str(g) for g in groups],
        auth_time=datetime.fromtimestamp(int(auth_time), UTC)
        if isinstance(auth_time, int | float)
        else None,
    )
    if not (found.first_name or found.last_name) and claims.get("name"):
        found.first_name, _sep, found.last_name = claims["name"].partition(" ")
    return _finish(request, found, flow, id_token=token.get("id_token", ""))


# SAML 2.0 --------------------------------------------------------------------------


@login_not_required
@require_GET
def saml_login(request: HttpRequest) -> HttpResponse:
    if not conf.saml():
        raise Http404
    return _saml_start(request, purpose="login")


def _saml_start(request, *, purpose: str) -> HttpResponse:
    location, request_id = saml.authn_request_url(request, force=purpose == "stepup")
    pending = request.session.get(SAML_REQUESTS, {})
    pending = dict(list(pending.items())[-4:])  # a few open tabs, no more
    pending[request_id] = {
        "purpose": purpose,
        "next": _safe_next(request, request.GET.get("next")),
    }
    request.session[SAML_REQUESTS] = pending
    return redirect(location)


@csrf_exempt  # the identity provider's form posts here; the assertion is signed
@login_not_required
@require_POST
def saml_acs(request: HttpRequest) -> HttpResponse:
    """The identity provider's POST. It comes without the session cookie (the
    browser sends none on a cross-site POST), so the checked assertion is kept
    under a one-time key and the browser is sent on to ``saml_done``."""
    if not conf.saml():
        raise Http404
    try:
        answer = saml.parse_response(request, request.POST.get("SAMLResponse", ""))
    except saml.Refused as error:
        return _refused(request, Provider.SAML, error.reason, error.detail)
    try:
        row = services.saml_assertion_store(**answer)
    except services.Replayed:
        return _refused(
            request,
            Provider.SAML,
            Reason.REPLAY,
            f"assertion {answer['assertion_id']}",
            user=_known(Provider.SAML, answer["subject"]),
            username=answer["subject"],
        )
    return redirect("sso:saml_done", handoff=row.handoff)


@login_not_required
@require_GET
def saml_done(request: HttpRequest, handoff: str) -> HttpResponse:
    if not conf.saml():
        raise Http404
    row = services.saml_assertion_take(handoff=handoff)
    if row is None:
        return _refused(request, Provider.SAML, Reason.REPLAY, "handoff used")
    pending = request.session.get(SAML_REQUESTS, {})
    flow = pending.pop(row.in_response_to, None)
    request.session[SAML_REQUESTS] = pending
    if flow is None:
        return _refused(
            request,
            Provider.SAML,
            Reason.BAD_STATE,
            f"InResponseTo {row.in_response_to or '–'}",
            user=_known(Provider.SAML, row.subject),
            username=row.subject,
        )
    found = services.Claims(
        provider=Provider.SAML,
        subject=row.subject,
        auth_time=row.authn_instant,
        **saml.claims_of(row.attributes, conf.saml()["groups_attribute"]),
    )
    return _finish(
        request,
        found,
        flow,
        saml_session={"name_id": row.subject, "session_index": row.session_index},
    )


@login_not_required
@require_GET
def saml_metadata(request: HttpRequest) -> HttpResponse:
    """The service provider's metadata, for the identity provider's set-up."""
    if not conf.saml():
        raise Http404
    return HttpResponse(saml.metadata_xml(request), content_type="application/xml")


# Both ------------------------------------------------------------------------------


def _finish(
    request,
    claims: services.Claims,
    flow: dict,
    id_token: str = "",
    saml_session: dict | None = None,
):
    if not claims.subject:
        return _refused(request, claims.provider, Reason.INVALID, "no subject")
    if flow["purpose"] == "stepup":
        return _step_up_answer(request, claims, flow)
    user = services.identity_login(claims=claims, request=request)
    if not user.is_active:
        return _refused(request, claims.provider, Reason.INVALID, "inactive", user=user)
    if not user.is_superuser and not Membership.objects.filter(user=user).exists():
        services.login_refused(
            request=request,
            provider=claims.provider,
            reason=Reason.UNMAPPED,
            user=user,
            detail=", ".join(claims.groups)[:200] or "–",
        )
        if request.user.is_authenticated:
            logout(request)
        return render(
            request,
            "sso/no_role.html",
            {"person": user, "contact": settings.LGSYS_SSO_HELP_CONTACT},
            status=403,
        )
    user.sso_provider = claims.provider  # the login event names the provider
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[sso_stepup.PROVIDER] = claims.provider
    if id_token:
        request.session[ID_TOKEN] = id_token
    if saml_session:
        request.session[SAML_SESSION] = saml_session
    return redirect(flow.get("next") or settings.LOGIN_REDIRECT_URL)


def _step_up_answer(request, claims: services.Claims, flow: dict) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return _refused(request, claims.provider, Reason.BAD_STATE, "no session")
    same = Identity.objects.filter(
        provider=claims.provider, subject=claims.subject, user=user
    ).exists()
    if not same:
        return _refused(
            request, claims.provider, Reason.OTHER_PERSON, claims.subject, user=user
        )
    if not sso_stepup.is_recent(claims.auth_time):
        return _refused(
            request,
            claims.provider,
            Reason.STALE_AUTH,
            f"auth_time {claims.auth_time.isoformat() if claims.auth_time else '–'}",
            user=user,
        )
    sso_stepup.remember(request, user=user, auth_time=claims.auth_time)
    return redirect(flow.get("next") or settings.LOGIN_REDIRECT_URL)


def _known(provider: str, subject: str):
    """The user a subject the identity provider vouched for is, if any: a refusal
    for them is recorded in their organisations, for its auditors."""
    identity = (
        Identity.objects.select_related("user")
        .filter(provider=provider, subject=subject)
        .first()
    )
    return identity.user if identity else None


def _refused(request, provider, reason, detail="", user=None, username=""):
    if user is None and request.user.is_authenticated:
        user = request.user
    services.login_refused(
        request=request,
        provider=provider,
        reason=reason,
        user=user,
        username=username,
        detail=detail,
    )
    return render(
        request,
        "sso/refused.html",
        {"reason": SecurityEvent.Reason(reason).label},
        status=403,
    )


@require_GET
def stepup(request: HttpRequest) -> HttpResponse:
    """Ask the identity provider this session came from to authenticate the
    user again, then go back to ``next`` (the decision's page)."""
    provider = sso_stepup.provider(request)
    if provider == Provider.OIDC and conf.oidc():
        return _oidc_start(request, purpose="stepup")
    if provider == Provider.SAML and conf.saml():
        return _saml_start(request, purpose="stepup")
    raise Http404


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """End the lgsys session; a session from the identity provider is offered
    the provider's own logout as well."""
    provider = sso_stepup.provider(request)
    id_token = request.session.get(ID_TOKEN, "")
    saml_session = request.session.get(SAML_SESSION)
    logout(request)
    if not provider:
        return redirect(settings.LOGOUT_REDIRECT_URL)
    idp_logout = ""
    if provider == Provider.OIDC and conf.oidc() and id_token:
        idp_logout = oidc.logout_url(
            request,
            id_token=id_token,
            post_logout_redirect_uri=conf.absolute(request, "login"),
        )
    elif provider == Provider.SAML and conf.saml() and saml_session:
        idp_logout = saml.logout_url(request, **saml_session)
    return render(request, "sso/logged_out.html", {"idp_logout": idp_logout})
