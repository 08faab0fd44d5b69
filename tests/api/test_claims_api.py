"""The published-verdict feed as a partner sees it."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings
from django.utils import timezone

from claims.models import Evidence, ReviewState
from partners.models import ApiRequestLog, Scope
from tests.factories import ArticleFactory, ClaimFactory, EvidenceFactory, PassageFactory, SourceFactory
from tests.partners.helpers import api_key, bearer, published_claim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttle_cache")]


@pytest.fixture
def client():
    _, raw = api_key(scopes=[Scope.VERDICTS_READ])
    client = Client()
    client.defaults.update(bearer(raw))
    return client


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_only_published_verdicts_are_listed(client):
    published = published_claim()
    ClaimFactory(review_state=ReviewState.UNREVIEWED)
    ClaimFactory(review_state=ReviewState.REVIEWED, verdict="supported", rationale="draft")
    ClaimFactory(review_state=ReviewState.WITHDRAWN, verdict="supported", rationale="x", published_at=timezone.now())
    assert ids(client.get("/api/v1/claims/")) == [published.pk]


@pytest.mark.parametrize("state", [ReviewState.UNREVIEWED, ReviewState.REVIEWED, ReviewState.WITHDRAWN])
def test_an_unpublished_claim_is_not_found_anywhere(client, state):
    verdict = "" if state == ReviewState.UNREVIEWED else "supported"
    claim = ClaimFactory(review_state=state, verdict=verdict, rationale="r", published_at=timezone.now())
    assert client.get(f"/api/v1/claims/{claim.pk}/").status_code == 404
    assert client.get(f"/api/v1/claims/{claim.pk}.jsonld").status_code == 404
    assert client.get(f"/api/v1/articles/{claim.article_id}/").status_code == 404
    assert client.get(f"/api/v1/outlets/{claim.article.source_id}/").status_code == 404


def test_a_claim_shows_only_accepted_evidence_with_its_source(client):
    claim = published_claim()
    wire = ArticleFactory(
        source=SourceFactory(name="Example Wire", domain="wire.example"), url="https://wire.example/a"
    )
    accepted = EvidenceFactory(
        claim=claim, passage=PassageFactory(article=wire), state=Evidence.State.ACCEPTED, stance="contradicts"
    )
    EvidenceFactory(claim=claim, passage=PassageFactory(article=ArticleFactory()), state=Evidence.State.SUGGESTED)
    EvidenceFactory(claim=claim, passage=PassageFactory(article=ArticleFactory()), state=Evidence.State.REJECTED)
    Evidence.objects.create(
        claim=claim,
        external_url="https://stats.example/table",
        excerpt="12 deaths recorded",
        stance="supports",
        origin="human",
        state="accepted",
    )
    body = client.get(f"/api/v1/claims/{claim.pk}/").json()
    assert body["evidence"][0]["id"] == accepted.pk
    assert len(body["evidence"]) == 2
    passage, external = body["evidence"]
    assert passage["kind"] == "passage"
    assert passage["stance"] == "contradicts"
    assert passage["text"] == accepted.passage.text
    assert passage["url"] == "https://wire.example/a"
    assert passage["article"]["outlet"]["domain"] == "wire.example"
    assert external == {
        "id": external["id"],
        "stance": "supports",
        "kind": "external",
        "text": "12 deaths recorded",
        "url": "https://stats.example/table",
        "article": None,
        "note": "",
        "same_origin": False,
    }
    assert body["verdict"] == "disputed"
    assert body["outlet"]["domain"] == claim.article.source.domain
    assert body["article"]["url"] == claim.article.url


def test_a_claim_says_who_asserts_it_and_what_it_rests_on_in_the_list_and_the_detail(client):
    spoken = published_claim(speaker="Ahmed Saleh", speaker_role="military spokesman", source_type="statement")
    unattributed = published_claim(speaker="", speaker_role="", source_type="pictures")
    listed = {row["id"]: row for row in client.get("/api/v1/claims/").json()["results"]}
    for claim, speaker, role, source_type in [
        (spoken, "Ahmed Saleh", "military spokesman", "statement"),
        (unattributed, "", "", "pictures"),
    ]:
        detail = client.get(f"/api/v1/claims/{claim.pk}/").json()
        for body in (listed[claim.pk], detail):
            assert (body["speaker"], body["speaker_role"], body["source_type"]) == (speaker, role, source_type)
    # ClaimReview names the speaker as the claimant, with the role as the job title.
    assert listed[spoken.pk]["claim_review"]["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Ahmed Saleh",
        "jobTitle": "military spokesman",
    }


def test_independent_origins_count_copies_of_one_report_once(client):
    claim = published_claim(verdict="supported")
    original = ArticleFactory()
    copy = ArticleFactory(same_origin_as=original)
    own_copy_source = ArticleFactory()
    claim.article.same_origin_as = own_copy_source
    claim.article.save()
    for article in (original, copy, own_copy_source):
        EvidenceFactory(claim=claim, passage=PassageFactory(article=article), state="accepted", stance="supports")
    # Contradicting evidence does not count as support.
    EvidenceFactory(
        claim=claim, passage=PassageFactory(article=ArticleFactory()), state="accepted", stance="contradicts"
    )
    body = client.get(f"/api/v1/claims/{claim.pk}/").json()
    # Origins: own_copy_source (the claim's article and one evidence) and original (two evidence rows).
    assert body["independent_origins"] == 2


def test_filters_narrow_the_feed(client):
    old = published_claim(verdict="supported", published_at=timezone.now() - timedelta(days=30))
    new = published_claim(verdict="disputed")
    new.article.source.domain = "daily.example"
    new.article.source.save()
    assert ids(client.get("/api/v1/claims/?verdict=supported")) == [old.pk]
    assert ids(client.get("/api/v1/claims/?outlet=daily.example")) == [new.pk]
    since = (timezone.now() - timedelta(days=1)).date().isoformat()
    assert ids(client.get(f"/api/v1/claims/?published_after={since}")) == [new.pk]
    assert ids(client.get(f"/api/v1/claims/?published_before={since}")) == [old.pk]
    assert ids(client.get("/api/v1/claims/", {"article_url": old.article.url})) == [old.pk]


def test_full_text_search_finds_words_in_claim_and_rationale(client):
    flood = published_claim(rationale="The regional authority counted twelve victims.")
    published_claim(rationale="Budget figures match the council minutes.")
    assert ids(client.get("/api/v1/claims/?q=authority")) == [flood.pk]


def test_a_bad_filter_is_a_400_with_the_error_envelope(client):
    response = client.get("/api/v1/claims/?verdict=maybe&published_after=yesterday")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"verdict", "published_after"}


def test_cursor_pagination_walks_every_claim_once(client):
    claims = [published_claim(published_at=timezone.now() - timedelta(minutes=i)) for i in range(5)]
    seen, url = [], "/api/v1/claims/?page_size=2"
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == [claim.pk for claim in claims]


def test_etag_and_last_modified_give_304_until_the_claim_changes(client):
    claim = published_claim()
    first = client.get(f"/api/v1/claims/{claim.pk}/")
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get(f"/api/v1/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(f"/api/v1/claims/{claim.pk}/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=client.get("/api/v1/claims/")["ETag"]).status_code == 304

    claim.rationale = "Corrected: the final count is 12."
    claim.updated_at = timezone.now() + timedelta(seconds=5)
    claim.save()
    changed = client.get(f"/api/v1/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_partner_call_succeeds_when_the_rate_limit_cache_is_down(client, caplog):
    # Redis (the shared cache holding the counters) unreachable: the call is served, not refused with a 500.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    unreachable = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    # A context, not the `settings` fixture: the autouse fixture clears the cache after the test, which must be the
    # working one again by then.
    with override_settings(
        CACHES={**django_settings.CACHES, "default": unreachable}, FACTCHECK_PARTNER_THROTTLE_RATE="1/min"
    ):
        responses = [client.get("/api/v1/claims/") for _ in range(3)]
        # A wrong key is still refused: only the counting is skipped.
        wrong_key = Client().get("/api/v1/claims/", HTTP_AUTHORIZATION="Bearer fck_wrong_key")

    assert [response.status_code for response in responses] == [200, 200, 200]
    assert "rate limit not applied" in caplog.text
    assert wrong_key.status_code == 401


def test_a_partner_over_its_rate_gets_429_with_retry_after(client, settings):
    settings.FACTCHECK_PARTNER_THROTTLE_RATE = "2/min"
    assert client.get("/api/v1/claims/").status_code == 200
    assert client.get("/api/v1/claims/").status_code == 200
    throttled = client.get("/api/v1/claims/")
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert throttled.json()["error"]["code"] == "throttled"


def test_requests_are_logged_per_partner_without_the_key():
    key, raw = api_key(scopes=[Scope.VERDICTS_READ])
    Client().get("/api/v1/claims/?verdict=supported", **bearer(raw))
    log = ApiRequestLog.objects.get()
    assert (log.partner_id, log.key_prefix, log.method, log.status_code) == (key.partner_id, key.prefix, "GET", 200)
    assert log.path == "/api/v1/claims/?verdict=supported"
    assert raw not in str(ApiRequestLog.objects.values().get())
    key.refresh_from_db()
    assert key.last_used_at is not None
    assert raw not in key.hashed_key


@pytest.mark.django_db(transaction=True)
def test_a_request_log_line_skips_the_disk_flush_only_in_its_own_transaction():
    """The log insert commits without waiting for the WAL flush when it is its own transaction (counted by
    PostgreSQL's own WAL statistics); inside an outer transaction the setting would also cover the request's own
    writes, so there it is left alone, and it never outlives the log line's statement."""
    from django.db import connection, transaction

    from partners import services

    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is a PostgreSQL setting")
    key, _raw = api_key(scopes=[Scope.VERDICTS_READ])

    def wal_flushes() -> int:
        with connection.cursor() as cursor:
            # This backend's counters reach pg_stat_wal when it next goes idle; force that to happen now.
            cursor.execute("SELECT pg_stat_force_next_flush()")
            cursor.execute("SELECT wal_sync FROM pg_stat_wal")
            return int(cursor.fetchone()[0])

    def setting() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return str(cursor.fetchone()[0])

    with connection.cursor() as cursor:
        cursor.execute("SHOW fsync")
        if cursor.fetchone()[0] != "on" or setting() != "on":
            pytest.skip("this server never waits for a WAL flush, so there is no wait to skip")
    before = wal_flushes()
    for _ in range(20):
        ApiRequestLog.objects.create(
            partner_id=key.partner_id, key_prefix=key.prefix, method="GET", path="/", status_code=200
        )
    waited = wal_flushes() - before
    before = wal_flushes()
    for _ in range(20):
        services.api_request_record(api_key=key, method="GET", path="/api/v1/claims/", status_code=200)
    logged = wal_flushes() - before
    assert waited >= 20  # an ordinary commit waits for its own flush: the statistics can see it
    assert logged < 5  # the log lines did not (the WAL writer may flush once or twice meanwhile)
    assert setting() == "on"  # the setting ended with each log line's statement

    with transaction.atomic():
        services.api_request_record(api_key=key, method="GET", path="/api/v1/claims/", status_code=200)
        assert setting() == "on"
    assert ApiRequestLog.objects.filter(path="/api/v1/claims/").count() == 21


def test_a_signed_in_desk_user_reads_the_same_feed(client):
    from tests.factories import reviewer

    claim = published_claim()
    ClaimFactory(review_state=ReviewState.REVIEWED, verdict="supported", rationale="draft")
    desk = Client()
    desk.force_login(reviewer())
    assert ids(desk.get("/api/v1/claims/")) == [claim.pk]
    assert ids(client.get("/api/v1/claims/")) == [claim.pk]


def test_articles_and_outlets_list_only_those_with_published_verdicts(client):
    claim = published_claim()
    hidden = ClaimFactory(review_state=ReviewState.REVIEWED, verdict="supported", rationale="draft")
    assert ids(client.get("/api/v1/articles/")) == [claim.article_id]
    assert ids(client.get("/api/v1/outlets/")) == [claim.article.source_id]
    assert hidden.article.source.domain not in str(client.get("/api/v1/outlets/").json())
    article = client.get(f"/api/v1/articles/{claim.article_id}/").json()
    assert article["published_claim_count"] == 1
    assert (
        client.get(f"/api/v1/outlets/?domain={claim.article.source.domain}").json()["results"][0][
            "published_claim_count"
        ]
        == 1
    )
