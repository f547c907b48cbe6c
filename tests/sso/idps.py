"""Real identity providers for the tests, each started as its own process on a
free port by a session fixture: django-oauth-toolkit's OpenID Connect provider
(tests/sso/oidc_provider) and pysaml2's SAML IdP (tests/sso/saml_idp.py, signing
with Debian's xmlsec1). Import the fixtures into a test module to use them."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "idp-losen-123"
CLIENT_ID = "lgsys-test"
CLIENT_SECRET = "lgsys-test-secret-0123456789"

# Entra-like group ids; tests map them to roles.
GROUP_KUL_COORDINATOR = "0f3c9a52-kul-samordnare"
GROUP_KUL_HEAD = "7d1e2b40-kul-chef"
GROUP_IDR_AUDITOR = "a9b8c7d6-idr-revisor"
GROUP_IDR_HEAD = "5e6f7a8b-idr-chef"


def person(username, first, last, groups):
    return {
        "username": username,
        "password": PASSWORD,
        "first_name": first,
        "last_name": last,
        "email": f"{username}@stad.example",
        "groups": groups,
    }


OIDC_USERS = [
    person("anna", "Anna", "Andersson", [GROUP_KUL_COORDINATOR]),
    person("karin", "Karin", "Chef", [GROUP_KUL_HEAD]),
    person("olle", "Olle", "Ogrupperad", ["some-other-group"]),
    person("utgangen", "Ulf", "Utgången", [GROUP_KUL_COORDINATOR]),
]
SAML_USERS = [
    person("sara", "Sara", "Samlsson", [GROUP_IDR_AUDITOR]),
    person("hanna", "Hanna", "Huvudman", [GROUP_IDR_HEAD]),
    person("forfalskad", "Fia", "Förfalskad", [GROUP_IDR_AUDITOR]),
    person("felmottagare", "Filip", "Fel", [GROUP_IDR_AUDITOR]),
    person("gammal", "Gun", "Gammal", [GROUP_IDR_AUDITOR]),
]


def _key_and_cert(folder: Path, name: str) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / f"{name}-key.pem", folder / f"{name}-cert.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def _start(module: str, config: dict, folder: Path) -> tuple[subprocess.Popen, int]:
    config_path = folder / "config.json"
    config_path.write_text(json.dumps(config))
    process = subprocess.Popen(
        [sys.executable, "-m", module, str(config_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=open(folder / "stderr.log", "w"),  # noqa: SIM115 (kept open by the child)
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    line = process.stdout.readline()
    if not line.startswith("READY "):
        process.kill()
        raise RuntimeError(
            f"{module} did not start: {(folder / 'stderr.log').read_text()[-2000:]}"
        )
    return process, int(line.split()[1])


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def oidc_idp(live_server, tmp_path_factory):
    """django-oauth-toolkit's OIDC provider; lgsys at live_server is its client."""
    folder = tmp_path_factory.mktemp("oidc-idp")
    key, _cert = _key_and_cert(folder, "oidc")
    key.rename(folder / "oidc-key.pem")
    process, port = _start(
        "tests.sso.oidc_provider.serve",
        {
            "state": str(folder),
            "port": 0,
            "users": OIDC_USERS,
            "client": {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{live_server.url}/sso/oidc/svar/"],
                "post_logout_redirect_uris": [f"{live_server.url}/logga-in/"],
            },
        },
        folder,
    )
    base = f"http://127.0.0.1:{port}"
    yield {
        "base": base,
        "settings": {
            "discovery_url": f"{base}/o/.well-known/openid-configuration",
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "groups_claim": "groups",
            "scope": "openid profile email",
        },
    }
    _stop(process)


@pytest.fixture(scope="session")
def saml_idp(live_server, tmp_path_factory):
    """pysaml2's IdP; it reads lgsys's SP metadata from live_server."""
    folder = tmp_path_factory.mktemp("saml-idp")
    key, cert = _key_and_cert(folder, "saml-idp")
    metadata_file = folder / "idp-metadata.xml"
    process, port = _start(
        "tests.sso.saml_idp",
        {
            "port": 0,
            "key_file": str(key),
            "cert_file": str(cert),
            "sp_metadata_url": f"{live_server.url}/sso/saml/metadata/",
            "metadata_file": str(metadata_file),
            "users": SAML_USERS,
        },
        folder,
    )
    base = f"http://127.0.0.1:{port}"
    yield {
        "base": base,
        "settings": {
            "idp_metadata": f"{base}/metadata",
            "entity_id": "",
            "groups_attribute": "groups",
            "key_file": "",
            "cert_file": "",
            "xmlsec_binary": "/usr/bin/xmlsec1",
        },
        "metadata_file": str(metadata_file),
    }
    _stop(process)
