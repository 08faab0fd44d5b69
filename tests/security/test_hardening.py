"""The smaller hardening rules: CSP on every page, BOM-marked text, encrypted PDFs, webhook addresses, 405s."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from articles.documents import DocumentError, extract_document
from partners import services
from partners.services import PartnerError
from tests.factories import editor
from tests.partners.helpers import api_key, bearer, partner
from tests.security.files import PROSE, pdf

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/", "/articles/", "/articles/upload/", "/accounts/login/", "/admin/login/", "/api/docs/", "/no-such-page/"],
)
def test_every_page_carries_a_content_security_policy(path):
    client = Client()
    client.force_login(editor())
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_the_api_docs_run_no_inline_script_and_redoc_gets_only_its_allowance():
    html = Client().get("/api/docs/").content.decode()
    assert "<script>" not in html  # Swagger UI's start-up script is a separate file
    redoc = Client().get("/api/redoc/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in redoc and "script-src 'self';" in redoc + ";"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-32-le", b"\xff\xfe\x00\x00"),
        ("utf-32-be", b"\x00\x00\xfe\xff"),
        ("utf-8", b"\xef\xbb\xbf"),
    ],
)
def test_text_with_a_byte_order_mark_is_decoded(encoding, bom):
    text = "Überschwemmung in Riverton\n\n" + PROSE
    document = extract_document(filename="story.txt", data=bom + text.encode(encoding), max_bytes=1 << 20)
    assert document.title == "Überschwemmung in Riverton"
    assert "Riverton valley" in document.body


def test_a_pdf_locked_only_against_changes_is_read_and_one_with_a_password_is_encrypted():
    from pypdf import PdfReader, PdfWriter

    def locked(user_password: str) -> bytes:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf())))
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    assert "Riverton valley" in extract_document(filename="a.pdf", data=locked(""), max_bytes=1 << 20).body
    with pytest.raises(DocumentError) as refused:
        extract_document(filename="b.pdf", data=locked("secret"), max_bytes=1 << 20)
    assert refused.value.code == "encrypted"


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.org/factcheck",
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[fd00::1]/hook",
        "https://0.0.0.0/hook",
        "https://localhost/hook",
        "https://printer.local/hook",
        "javascript:alert(1)",
    ],
)
def test_webhooks_go_only_to_public_https_addresses(settings, url):
    settings.FACTCHECK_WEBHOOK_ALLOW_INSECURE_URLS = False
    with pytest.raises(PartnerError):
        services.subscription_create(partner=partner(), url=url)


def test_a_public_https_webhook_is_accepted_and_development_may_allow_local_ones(settings):
    settings.FACTCHECK_WEBHOOK_ALLOW_INSECURE_URLS = False
    subscription, _ = services.subscription_create(partner=partner(), url="https://93.184.216.34/hook")
    assert subscription.url == "https://93.184.216.34/hook"
    settings.FACTCHECK_WEBHOOK_ALLOW_INSECURE_URLS = True
    assert services.subscription_url_clean("http://127.0.0.1:8080/hook") == "http://127.0.0.1:8080/hook"


def test_an_unsupported_method_is_a_405_with_allow_before_any_scope_check():
    _, raw = api_key(scopes=[])
    response = Client().delete("/api/v1/claims/1/", **bearer(raw))
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_the_schema_documents_the_error_statuses_every_operation_can_answer():
    import yaml

    schema = yaml.safe_load(Client().get("/api/schema/").content)
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert {"401", "403", "405", "406", "414", "429"} <= set(operation["responses"]), path
    submit = schema["paths"]["/api/v1/articles/"]["post"]["responses"]
    assert {"400", "409", "413", "415"} <= set(submit)
    assert "unpacked_too_large" in submit["400"]["description"]
