"""A real SAML 2.0 identity provider for the tests: pysaml2's IdP (signatures by
Debian's xmlsec1), as a small WSGI app run by ``python -m tests.sso.saml_idp
CONFIG.json``. Prints READY <port> once it listens.

It keeps a login session (a cookie) and asks for the password again only when
the AuthnRequest says ForceAuthn, as a real IdP does. Some test accounts get a
bad answer on purpose: ``forfalskad`` an assertion changed after signing,
``felmottagare`` one for another service provider (audience), ``gammal`` one
that expired half an hour ago.
"""

import contextlib
import datetime
import html
import json
import secrets
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, time_util
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

PASSWORD_CLASS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
TAMPERED, WRONG_AUDIENCE, EXPIRED = "forfalskad", "felmottagare", "gammal"
OTHER_SP = "https://annan-tjanst.example/saml"
_clock_lock = threading.Lock()


@contextlib.contextmanager
def clock_back(seconds: int):
    """pysaml2's clock set back: an answer made now reads as made ``seconds``
    ago (issued, valid from and valid until, all in the past)."""

    class PastDatetime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime.now(tz) - datetime.timedelta(seconds=seconds)

    class PastTime:
        def __getattr__(self, name):
            return getattr(time, name)

        @staticmethod
        def gmtime(secs=None):
            return time.gmtime(time.time() - seconds if secs is None else secs)

    with _clock_lock:
        time_util.datetime, time_util.time = PastDatetime, PastTime()
        try:
            yield
        finally:
            time_util.datetime, time_util.time = datetime.datetime, time


def idp_config(config: dict, base: str) -> dict:
    return {
        "entityid": f"{base}/idp",
        "xmlsec_binary": "/usr/bin/xmlsec1",
        "key_file": config["key_file"],
        "cert_file": config["cert_file"],
        "metadata": {"remote": [{"url": config["sp_metadata_url"]}]},
        "accepted_time_diff": 60,
        "service": {
            "idp": {
                "endpoints": {
                    "single_sign_on_service": [
                        (f"{base}/sso/redirect", BINDING_HTTP_REDIRECT)
                    ],
                    "single_logout_service": [
                        (f"{base}/slo/redirect", BINDING_HTTP_REDIRECT)
                    ],
                },
                "policy": {
                    "default": {
                        "lifetime": {"minutes": 15},
                        "attribute_restrictions": None,
                        "name_form": "urn:oasis:names:tc:SAML:2.0:attrname-format:uri",
                    }
                },
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
            }
        },
    }


class IdP:
    def __init__(self, config: dict, port: int):
        self.config = config
        self.base = f"http://127.0.0.1:{port}"
        self.users = {u["username"]: u for u in config["users"]}
        self.sessions: dict[str, tuple[str, int]] = {}  # cookie -> (user, when)
        self._server: Server | None = None

    def server(self) -> Server:
        # Made at the first request: the SP's metadata is read from lgsys then.
        if self._server is None:
            cfg = IdPConfig()
            cfg.load(idp_config(self.config, self.base))
            self._server = Server(config=cfg)
        return self._server

    def metadata(self) -> str:
        cfg = IdPConfig()
        conf = idp_config(self.config, self.base)
        conf["metadata"] = {}
        cfg.load(conf)
        return str(entity_descriptor(cfg))

    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"]
        if path == "/metadata":
            return self._send(start_response, self.metadata(), "application/xml")
        if path == "/sso/redirect":
            query = {k: v[0] for k, v in parse_qs(environ["QUERY_STRING"]).items()}
            request = self.server().parse_authn_request(
                query["SAMLRequest"], BINDING_HTTP_REDIRECT
            )
            cookie = SimpleCookie(environ.get("HTTP_COOKIE", "")).get("saml_idp")
            session = self.sessions.get(cookie.value) if cookie else None
            force = str(request.message.force_authn).lower() == "true"
            if session and not force:
                return self._answer(start_response, query["SAMLRequest"], *session)
            return self._login_form(start_response, query["SAMLRequest"], force)
        if path == "/slo/redirect":
            # lgsys's LogoutRequest: end the IdP's session for that NameID.
            query = {k: v[0] for k, v in parse_qs(environ["QUERY_STRING"]).items()}
            request = self.server().parse_logout_request(
                query["SAMLRequest"], BINDING_HTTP_REDIRECT
            )
            name_id = request.message.name_id.text
            for key, (username, _when) in list(self.sessions.items()):
                if f"saml-{username}" == name_id:
                    del self.sessions[key]
            page = "<!doctype html><html lang='sv'><head><meta charset='utf-8'>"
            page += "<title>Test-IdP</title></head><body><h1>Utloggad: "
            page += f"{html.escape(name_id)}</h1></body></html>"
            return self._send(start_response, page, "text/html; charset=utf-8")
        if path == "/login" and environ["REQUEST_METHOD"] == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = {
                k: v[0]
                for k, v in parse_qs(environ["wsgi.input"].read(size).decode()).items()
            }
            user = self.users.get(form.get("username", ""))
            if user is None or user["password"] != form.get("password"):
                return self._login_form(start_response, form["SAMLRequest"], False)
            session = (user["username"], int(time.time()))
            key = secrets.token_urlsafe(16)
            self.sessions[key] = session
            return self._answer(
                start_response,
                form["SAMLRequest"],
                *session,
                cookie=f"saml_idp={key}; Path=/; HttpOnly",
            )
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    def _login_form(self, start_response, saml_request: str, force: bool):
        note = "<p>Inloggning krävs igen (ForceAuthn).</p>" if force else ""
        page = f"""<!doctype html><html lang="sv"><head><meta charset="utf-8">
<title>Test-IdP (SAML)</title></head><body><h1>Test-IdP: logga in</h1>{note}
<form method="post" action="/login">
<input type="hidden" name="SAMLRequest" value="{html.escape(saml_request)}">
<label for="u">Konto</label> <input id="u" name="username">
<label for="p">Kod</label> <input id="p" name="password" type="password">
<button type="submit">Skicka</button></form></body></html>"""
        return self._send(start_response, page, "text/html; charset=utf-8")

    def _answer(self, start_response, saml_request, username, authn_at, cookie=None):
        user = self.users[username]
        server = self.server()
        request = server.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT)
        args = server.response_args(request.message, [BINDING_HTTP_POST])
        if username == WRONG_AUDIENCE:
            args["sp_entity_id"] = OTHER_SP
        identity = {
            "mail": [user["email"]],
            "givenName": [user["first_name"]],
            "sn": [user["last_name"]],
            "groups": user["groups"],
        }
        # The expired answer: made 40 minutes ago, valid for 15.
        clock = clock_back(2400) if username == EXPIRED else contextlib.nullcontext()
        with clock:
            response = server.create_authn_response(
                identity,
                userid=username,
                name_id=NameID(
                    format=NAMEID_FORMAT_PERSISTENT, text=f"saml-{username}"
                ),
                authn={"class_ref": PASSWORD_CLASS, "authn_instant": authn_at},
                sign_assertion=True,
                sign_response=False,
                **args,
            )
        xml = str(response)
        if username == TAMPERED:
            # A group added after signing: the digest no longer matches.
            xml = xml.replace(user["groups"][0], user["groups"][0] + "-admin", 1)
        http = server.apply_binding(
            BINDING_HTTP_POST, xml, args["destination"], relay_state="", response=True
        )
        headers = [("Content-Type", "text/html; charset=utf-8")]
        if cookie:
            headers.append(("Set-Cookie", cookie))
        start_response("200 OK", headers)
        body = http["data"]
        return [body.encode() if isinstance(body, str) else body]

    @staticmethod
    def _send(start_response, text: str, content_type: str):
        start_response("200 OK", [("Content-Type", content_type)])
        return [text.encode()]


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main(config_path: str) -> None:
    config = json.loads(Path(config_path).read_text())
    server = make_server(
        "127.0.0.1",
        config["port"],
        lambda e, s: app(e, s),
        server_class=ThreadingServer,
        handler_class=QuietHandler,
    )
    app = IdP(config, server.server_port)
    Path(config["metadata_file"]).write_text(app.metadata())
    print(f"READY {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
