"""Who may call what: anonymous / key without the scope / partner / revoked / expired key / desk user × endpoints."""

from __future__ import annotations

import pytest
from django.test import Client

from claims.models import ReviewState
from partners.models import ArticleSubmission, Scope
from tests.factories import ClaimFactory, reviewer
from tests.partners.helpers import api_key, bearer, partner, published_claim

READ, SUBMIT = Scope.VERDICTS_READ, Scope.ARTICLES_SUBMIT

# (name, method, path template, scope it needs, status for an allowed caller)
ENDPOINTS = [
    ("claims list", "get", "/api/v1/claims/", READ, 200),
    ("claim detail", "get", "/api/v1/claims/{claim}/", READ, 200),
    ("claim json-ld", "get", "/api/v1/claims/{claim}.jsonld", READ, 200),
    ("articles list", "get", "/api/v1/articles/", READ, 200),
    ("article detail", "get", "/api/v1/articles/{article}/", READ, 200),
    ("article status", "get", "/api/v1/articles/{submitted}/status/", SUBMIT, 200),
    ("outlets list", "get", "/api/v1/outlets/", READ, 200),
    ("outlet detail", "get", "/api/v1/outlets/{outlet}/", READ, 200),
    ("submit article", "post", "/api/v1/articles/", SUBMIT, 202),
]

CALLERS = ["anonymous", "key without the scope", "partner", "revoked key", "expired key", "desk user"]

EXPECTED_ERROR = {
    "anonymous": 401,
    "key without the scope": 403,
    "revoked key": 401,
    "expired key": 401,
}

SUBMISSION_TEXT = (
    "Riverton council approved a new flood barrier on Tuesday. The barrier will cost 4 million euros, "
    "the mayor said, and work starts in the spring. Residents had asked for it since the floods of last year."
)


@pytest.fixture
def objects():
    claim = published_claim()
    owner = partner()
    submitted = ClaimFactory(review_state=ReviewState.UNREVIEWED).article
    ArticleSubmission.objects.create(partner=owner, article=submitted, key_prefix="x")
    return {
        "claim": claim.pk,
        "article": claim.article_id,
        "outlet": claim.article.source_id,
        "submitted": submitted.pk,
    }


def _client_for(caller: str, scope: str) -> Client:
    client = Client()
    if caller == "anonymous":
        return client
    if caller == "desk user":
        user = reviewer()
        if scope == SUBMIT:
            from django.contrib.auth.models import Permission

            user.user_permissions.add(Permission.objects.get(codename="add_article"))
        client.force_login(user)
        return client
    other_scope = SUBMIT if scope == READ else READ
    scopes = {"key without the scope": [other_scope]}.get(caller, [READ, SUBMIT])
    _, raw = api_key(scopes=scopes, owner=partner(), revoked=caller == "revoked key", expired=caller == "expired key")
    client.defaults.update(bearer(raw))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(
    ("name", "method", "path", "scope", "allowed_status"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS]
)
def test_authorisation_matrix(objects, caller, name, method, path, scope, allowed_status):
    client = _client_for(caller, scope)
    url = path.format(**objects)
    if method == "post":
        response = client.post(
            url,
            {"text": SUBMISSION_TEXT, "source_domain": "riverton-post.example", "title": "Barrier approved"},
            content_type="application/json",
        )
    else:
        response = client.get(url)
    expected = EXPECTED_ERROR.get(caller, allowed_status)
    assert response.status_code == expected, response.content
    if expected in (401, 403):
        assert response.json()["error"]["code"] in {"not_authenticated", "authentication_failed", "permission_denied"}
    if expected == 401:
        assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("caller", "message"),
    [("revoked key", "revoked"), ("expired key", "expired")],
)
def test_a_dead_key_is_told_why(caller, message):
    _, raw = api_key(revoked=caller == "revoked key", expired=caller == "expired key")
    response = Client().get("/api/v1/claims/", **bearer(raw))
    assert response.status_code == 401
    assert message in response.json()["error"]["message"]


@pytest.mark.django_db
def test_a_wrong_secret_with_a_real_prefix_is_rejected():
    _, raw = api_key()
    tampered = raw[:-4] + ("aaaa" if not raw.endswith("aaaa") else "bbbb")
    response = Client().get("/api/v1/claims/", **bearer(tampered))
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Invalid API key."


@pytest.mark.django_db
def test_a_partner_cannot_follow_another_partners_submission(objects):
    _, raw = api_key(owner=partner("Someone Else"))
    response = Client().get(f"/api/v1/articles/{objects['submitted']}/status/", **bearer(raw))
    assert response.status_code == 404
