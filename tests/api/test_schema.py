"""The OpenAPI schema is valid and complete, the docs pages load offline, and fuzzing finds no server error."""

from __future__ import annotations

import pytest
import schemathesis
import yaml
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.config import SchemathesisConfig

from factcheck.wsgi import application
from partners.models import ArticleSubmission
from tests.factories import ClaimFactory, EvidenceFactory, PassageFactory
from tests.partners.helpers import api_key, partner, published_claim

pytestmark = pytest.mark.django_db


def test_the_schema_documents_every_endpoint_and_its_errors():
    schema = yaml.safe_load(Client().get("/api/schema/").content)
    paths = schema["paths"]
    assert set(paths) == {
        "/api/v1/claims/",
        "/api/v1/claims/{id}/",
        "/api/v1/claims/{id}.jsonld",
        "/api/v1/articles/",
        "/api/v1/articles/{id}/",
        "/api/v1/articles/{id}/status/",
        "/api/v1/outlets/",
        "/api/v1/outlets/{id}/",
    }
    claims_list = paths["/api/v1/claims/"]["get"]
    assert {p["name"] for p in claims_list["parameters"]} >= {
        "verdict",
        "outlet",
        "article_url",
        "published_after",
        "published_before",
        "q",
        "cursor",
        "page_size",
    }
    assert {"200", "304", "400", "401", "403", "429"} <= set(claims_list["responses"])
    submit = paths["/api/v1/articles/"]["post"]
    assert {"202", "400", "401", "403", "409", "429"} <= set(submit["responses"])
    assert schema["components"]["securitySchemes"]["partnerKey"]["scheme"] == "bearer"


def test_the_docs_pages_load_their_assets_from_the_app_not_a_cdn():
    for page in ("/api/docs/", "/api/redoc/"):
        html = Client().get(page).content.decode()
        assert "/static/drf_spectacular_sidecar/" in html
        assert "cdn.jsdelivr" not in html


# Every built-in check (server errors, documented status codes, content types, headers and response schemas,
# negative data rejected, positive data accepted, unsupported methods answered 405, auth not ignored ...).
# A valid-looking submission may still be refused for its content (too short, duplicate, too large), which the
# schema cannot express, so those statuses count as accepting positive data.
# Invalid data may also be refused as too large or too long (413, 414) before it is parsed.
FUZZ_CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409", "413"]},
            "negative_data_rejection": {
                "expected-statuses": ["400", "401", "403", "404", "405", "406", "409", "413", "414", "415", "422"]
            },
        }
    }
)
fuzz_schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=FUZZ_CONFIG)
FUZZ_EXAMPLES = 60


@pytest.fixture
def fuzz_data(settings):
    settings.FACTCHECK_PARTNER_THROTTLE_RATE = "100000/min"
    # Requests go straight to the WSGI app, not Django's test client: keep the end of a request from closing the
    # test's database connection (which holds the test transaction), as the test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    cache.clear()
    claim = published_claim()
    EvidenceFactory(claim=claim, passage=PassageFactory(), state="accepted", stance="supports")
    submitted = ClaimFactory().article
    owner = partner()
    ArticleSubmission.objects.create(partner=owner, article=submitted, key_prefix="x")
    _, raw = api_key(owner=owner)
    yield {"Authorization": f"Bearer {raw}"}
    cache.clear()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@fuzz_schema.parametrize()
@hypothesis_settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_passes_every_check(case, fuzz_data):
    case.call_and_validate(headers=fuzz_data)
