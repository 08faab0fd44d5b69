"""The bad-input catalogue: every hostile or broken input, through the API and the desk's upload page, gets its
specific status and error code, stores nothing, and is refused fast."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.models import Article, Source
from claims.models import Claim
from partners.models import ApiRequestLog, ArticleSubmission, Scope, WebhookSubscription
from tests.factories import editor
from tests.partners.helpers import api_key, bearer, published_claim
from tests.security import files

pytestmark = pytest.mark.django_db

PROSE = files.PROSE
OUTLET = {"source_name": "Riverton Daily", "source_domain": "riverton-daily.example"}
# Small limits for the cases that test one limit without building megabytes (settings override per case).
TIGHT = {
    "FACTCHECK_MAX_PART_BYTES": 100_000,
    "FACTCHECK_MAX_PDF_PAGES": 2,
    "FACTCHECK_MAX_DOCUMENT_ELEMENTS": 1000,
    "FACTCHECK_MAX_HTML_TAGS": 1000,
    "FACTCHECK_MAX_TEXT_CHARACTERS": 2000,
    "FACTCHECK_MAX_UPLOAD_BYTES": 200_000,
}


@dataclass(frozen=True)
class Case:
    name: str
    status: int
    code: str
    # API: (method, path, kwargs for the test client); web: the upload form's fields.
    api: Callable[[], tuple[str, str, dict[str, Any]]] | None = None
    web: Callable[[], dict[str, Any]] | None = None
    key_scopes: tuple[str, ...] | None = (Scope.VERDICTS_READ, Scope.ARTICLES_SUBMIT)
    settings: dict[str, Any] = field(default_factory=dict)


def post_json(body: Any, raw: bool = False) -> Callable[[], tuple[str, str, dict[str, Any]]]:
    return lambda: (
        "post",
        "/api/v1/articles/",
        {"data": body if raw else json.dumps(body), "content_type": "application/json"},
    )


def post_text(text: str, **fields: Any) -> Callable[[], tuple[str, str, dict[str, Any]]]:
    return post_json({"text": text, **OUTLET, **fields})


def post_file(name: str, build: Callable[[], bytes], **fields: Any) -> Callable[[], tuple[str, str, dict[str, Any]]]:
    return lambda: (
        "post",
        "/api/v1/articles/",
        {"data": {"file": SimpleUploadedFile(name, build()), **OUTLET, **fields}},
    )


def get(path: str) -> Callable[[], tuple[str, str, dict[str, Any]]]:
    return lambda: ("get", path, {})


def method(verb: str, path: str) -> Callable[[], tuple[str, str, dict[str, Any]]]:
    return lambda: (verb, path, {"data": "{}", "content_type": "application/json"})


def web_file(name: str, build: Callable[[], bytes], **fields: Any) -> Callable[[], dict[str, Any]]:
    return lambda: {"uploads": [SimpleUploadedFile(name, build())], **OUTLET, **fields}


def web_text(text: str, **fields: Any) -> Callable[[], dict[str, Any]]:
    return lambda: {"text": text, **OUTLET, **fields}


def cursor(position: str) -> str:
    return base64.b64encode(f"p={position}".encode()).decode()


CASES = [
    # --- uploads through the API: the document's content ------------------------------------------------------------
    Case("blank text", 400, "empty", api=post_text("   \n\t  ")),
    Case("too short", 400, "too_short", api=post_text("Flood in Riverton.")),
    Case("digits, not prose", 400, "not_text", api=post_text("12345 67890 " * 20)),
    Case("pasted text over the character limit", 400, "text_too_long", api=post_text(PROSE * 30), settings=TIGHT),
    Case("pasted text over the byte limit", 413, "too_large", api=post_text(PROSE * 2000), settings=TIGHT),
    Case("empty file", 400, "invalid", api=post_file("a.txt", lambda: b"")),
    Case("binary .txt", 400, "binary", api=post_file("photo.txt", lambda: b"\x89PNG\x00\x00\x01binary" * 10)),
    Case("bad UTF-16 after a BOM", 400, "undecodable", api=post_file("a.txt", lambda: b"\xff\xfe" + b"A\x00B")),
    Case("unsupported type", 400, "unsupported_type", api=post_file("tool.exe", lambda: b"MZ" * 50)),
    Case("no extension", 400, "unsupported_type", api=post_file("README", lambda: PROSE.encode())),
    Case(
        ".txt over the character limit",
        400,
        "text_too_long",
        api=post_file("a.txt", lambda: (PROSE * 30).encode()),
        settings=TIGHT,
    ),
    Case(
        "file over the byte limit",
        413,
        "too_large",
        api=post_file("a.txt", lambda: (PROSE * 2000).encode()),
        settings=TIGHT,
    ),
    Case(
        "HTML without article text",
        400,
        "no_main_text",
        api=post_file(
            "a.html",
            lambda: b"<html><head><title>Riverton</title></head><body><script>var a = 1;</script></body></html>",
        ),
    ),
    Case(
        "HTML with too many tags",
        400,
        "too_many_entries",
        api=post_file("a.html", lambda: files.html_with_tags(5000)),
        settings=TIGHT,
    ),
    Case(
        ".docx bomb (40 MB of empty paragraphs)", 400, "unpacked_too_large", api=post_file("bomb.docx", files.docx_bomb)
    ),
    Case(
        ".docx part over the size limit",
        400,
        "unpacked_too_large",
        api=post_file("big.docx", lambda: files.docx(400)),
        settings=TIGHT,
    ),
    Case(
        ".docx with too many entries",
        400,
        "too_many_entries",
        api=post_file("many.docx", lambda: files.docx_many_entries(1001)),
    ),
    Case(
        ".docx with too many XML elements",
        400,
        "too_many_entries",
        api=post_file("long.docx", lambda: files.docx(400)),
        settings={"FACTCHECK_MAX_DOCUMENT_ELEMENTS": 1000},
    ),
    Case(
        ".docx over the character limit",
        400,
        "text_too_long",
        api=post_file("long.docx", lambda: files.docx(20)),
        settings={"FACTCHECK_MAX_TEXT_CHARACTERS": 2000},
    ),
    Case("truncated .docx", 400, "corrupt", api=post_file("cut.docx", files.docx_truncated)),
    Case(".docx with an entity bomb", 400, "corrupt", api=post_file("laughs.docx", files.docx_with_entities)),
    Case(".docx without a body", 400, "corrupt", api=post_file("hollow.docx", files.docx_without_body)),
    Case("not a zip, named .docx", 400, "corrupt", api=post_file("fake.docx", lambda: PROSE.encode())),
    Case("encrypted PDF", 400, "encrypted", api=post_file("locked.pdf", files.pdf_encrypted)),
    Case(
        "PDF stream bomb",
        400,
        "unpacked_too_large",
        api=post_file("bomb.pdf", lambda: files.pdf_flate_bomb(50_000_000)),
    ),
    Case(
        "PDF with too many pages",
        400,
        "too_many_entries",
        api=post_file("pages.pdf", lambda: files.pdf_pages(3)),
        settings=TIGHT,
    ),
    Case("PDF without a text layer", 400, "no_text_layer", api=post_file("scan.pdf", lambda: files.pdf_pages(1))),
    Case("not a PDF, named .pdf", 400, "corrupt", api=post_file("fake.pdf", lambda: b"%PDF-1.4\n garbage " * 20)),
    # --- uploads through the API: the metadata ----------------------------------------------------------------------
    Case("javascript: outlet domain", 400, "bad_domain", api=post_text(PROSE, source_domain="javascript:alert(1)")),
    Case("outlet domain with a space", 400, "bad_domain", api=post_text(PROSE, source_domain="daily news.example")),
    Case("outlet domain without a dot", 400, "bad_domain", api=post_text(PROSE, source_domain="localhost")),
    Case(
        "outlet domain with a script",
        400,
        "bad_domain",
        api=post_text(PROSE, source_domain="<script>alert(1)</script>.example"),
    ),
    Case("outlet domain with a path", 400, "bad_domain", api=post_text(PROSE, source_domain="daily.example/news?a=1")),
    Case("no outlet at all", 400, "no_source", api=post_json({"text": PROSE})),
    Case("javascript: article URL", 400, "invalid", api=post_text(PROSE, url="javascript:alert(1)")),
    Case("unknown outlet kind", 400, "invalid", api=post_text(PROSE, source_kind="pamphlet")),
    Case(
        "text and file together",
        400,
        "invalid",
        api=lambda: (
            "post",
            "/api/v1/articles/",
            {"data": {"text": PROSE, "file": SimpleUploadedFile("a.txt", PROSE.encode()), **OUTLET}},
        ),
    ),
    Case("neither text nor file", 400, "invalid", api=post_json(OUTLET)),
    Case(
        "two file parts",
        400,
        "invalid",
        api=lambda: (
            "post",
            "/api/v1/articles/",
            {
                "data": {
                    "file": [
                        SimpleUploadedFile("a.txt", PROSE.encode()),
                        SimpleUploadedFile("b.txt", (PROSE + "More.").encode()),
                    ],
                    **OUTLET,
                }
            },
        ),
    ),
    Case(
        "too many file parts",
        413,
        "too_many_files",
        api=lambda: (
            "post",
            "/api/v1/articles/",
            {"data": {"file": [SimpleUploadedFile(f"{i}.txt", b"x") for i in range(51)], **OUTLET}},
        ),
    ),
    # --- malformed requests -----------------------------------------------------------------------------------------
    Case("JSON nested 100,000 deep", 400, "parse_error", api=post_json("[" * 100_000 + "]" * 100_000, raw=True)),
    Case("malformed JSON", 400, "parse_error", api=post_json('{"text": ', raw=True)),
    Case("JSON that is not an object", 400, "invalid", api=post_json([1, 2, 3])),
    Case(
        "unsupported media type",
        415,
        "unsupported_media_type",
        api=lambda: ("post", "/api/v1/articles/", {"data": PROSE, "content_type": "text/plain"}),
    ),
    Case(
        "body over the request limit",
        413,
        "too_large",
        api=lambda: (
            "post",
            "/api/v1/articles/",
            {"data": "{}", "content_type": "application/json", "CONTENT_LENGTH": str(50 * 1024 * 1024)},
        ),
    ),
    Case("address over the length limit", 414, "uri_too_long", api=get("/api/v1/claims/?q=" + "a" * 5000)),
    # --- reads: unknown things, bad parameters, wrong methods, keys ------------------------------------------------
    Case("unknown API path", 404, "not_found", api=get("/api/v1/nothing-here/")),
    Case("non-numeric claim id", 404, "not_found", api=get("/api/v1/claims/abc/")),
    Case("non-numeric JSON-LD id", 404, "not_found", api=get("/api/v1/claims/abc.jsonld")),
    Case("unknown claim id", 404, "not_found", api=get("/api/v1/claims/99999999/")),
    Case("unknown article status", 404, "not_found", api=get("/api/v1/articles/99999999/status/")),
    Case("tampered cursor on claims", 400, "invalid_cursor", api=get(f"/api/v1/claims/?cursor={cursor('2025')}")),
    Case("tampered cursor on articles", 400, "invalid_cursor", api=get(f"/api/v1/articles/?cursor={cursor('2025')}")),
    Case("garbage cursor", 400, "invalid_cursor", api=get("/api/v1/outlets/?cursor=%%%not-base64")),
    Case("cursor with a NUL", 400, "invalid_cursor", api=get(f"/api/v1/outlets/?cursor={cursor(chr(0))}")),
    Case("unknown verdict filter", 400, "invalid", api=get("/api/v1/claims/?verdict=maybe")),
    Case("bad date filter", 400, "invalid", api=get("/api/v1/claims/?published_after=yesterday")),
    Case("PUT on a claim", 405, "method_not_allowed", api=method("put", "/api/v1/claims/1/")),
    Case("PATCH on an article", 405, "method_not_allowed", api=method("patch", "/api/v1/articles/1/")),
    Case("DELETE on an outlet", 405, "method_not_allowed", api=method("delete", "/api/v1/outlets/1/")),
    Case("POST on the claims list", 405, "method_not_allowed", api=method("post", "/api/v1/claims/")),
    Case("no key", 401, "not_authenticated", api=get("/api/v1/claims/"), key_scopes=None),
    Case(
        "key without the submit scope",
        403,
        "permission_denied",
        api=post_text(PROSE),
        key_scopes=(Scope.VERDICTS_READ,),
    ),
    # --- the desk's upload page (JSON answers, as its script asks for) -----------------------------------------------
    Case("web: binary file", 400, "binary", web=web_file("photo.txt", lambda: b"\x89PNG\x00\x00\x01binary" * 10)),
    Case("web: unsupported type", 400, "unsupported_type", web=web_file("tool.exe", lambda: b"MZ" * 50)),
    Case("web: too short", 400, "too_short", web=web_text("Flood in Riverton.")),
    Case("web: .docx bomb", 400, "unpacked_too_large", web=web_file("bomb.docx", files.docx_bomb)),
    Case("web: truncated .docx", 400, "corrupt", web=web_file("cut.docx", files.docx_truncated)),
    Case("web: encrypted PDF", 400, "encrypted", web=web_file("locked.pdf", files.pdf_encrypted)),
    Case(
        "web: PDF stream bomb",
        400,
        "unpacked_too_large",
        web=web_file("bomb.pdf", lambda: files.pdf_flate_bomb(50_000_000)),
    ),
    Case("web: javascript: outlet domain", 400, "bad_domain", web=web_text(PROSE, source_domain="javascript:alert(1)")),
    Case("web: text over the character limit", 400, "text_too_long", web=web_text(PROSE * 30), settings=TIGHT),
]


def stored() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Article, Source, Claim, ArticleSubmission, WebhookSubscription)
    }


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_bad_input_gets_its_specific_error_and_stores_nothing(case: Case, settings: Any) -> None:
    for name, value in case.settings.items():
        setattr(settings, name, value)
    published_claim()  # something to read, so reads fail for the input and not for an empty feed
    before = stored()
    if case.web is not None:
        client = Client()
        client.force_login(editor())
        data = case.web()
        started = time.perf_counter()
        response = client.post(reverse("articles:upload"), data, HTTP_ACCEPT="application/json")
        elapsed = time.perf_counter() - started
        assert response.status_code == case.status, response.content[:300]
        assert [result["code"] for result in response.json()["results"]] == [case.code]
    else:
        assert case.api is not None
        headers = {}
        if case.key_scopes is not None:
            _, raw = api_key(scopes=list(case.key_scopes))
            headers = bearer(raw)
        verb, path, kwargs = case.api()
        started = time.perf_counter()
        response = getattr(Client(), verb)(path, **kwargs, **headers)
        elapsed = time.perf_counter() - started
        assert response.status_code == case.status, response.content[:300]
        assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
        error = response.json()["error"]
        assert error["code"] == case.code, error
        assert error["message"]
    # The request log is the only row a refused request may leave.
    assert stored() == before
    assert not ApiRequestLog.objects.filter(status_code__gte=500).exists()
    # Refused well inside the target of 5 s of a worker's time (most take milliseconds).
    assert elapsed < 5, f"{case.name} took {elapsed:.2f} s"


def test_the_catalogue_covers_at_least_forty_inputs_on_both_doors() -> None:
    assert len(CASES) >= 40
    assert sum(case.web is not None for case in CASES) >= 5
