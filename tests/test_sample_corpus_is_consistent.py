"""Consistency checks for the bundled sample corpus (articles/sample_corpus).

Plain pytest, no database: verifies that manifest.json and expected.json agree
with the article files, so the demo command and tests can rely on them.
"""

import datetime
import html
import json
import re
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "articles" / "sample_corpus"
VALID_KINDS = {"wire", "newspaper", "broadcaster", "online", "blog", "other"}


def _load(name):
    return json.loads((CORPUS / name).read_text(encoding="utf-8"))


MANIFEST = _load("manifest.json")
EXPECTED = _load("expected.json")
FILES = [entry["file"] for entry in MANIFEST]


def _collapse(text):
    return re.sub(r"\s+", " ", text).strip()


def _html_to_text(markup):
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    markup = re.sub(r"(?is)</?(a|span|em|strong|b|i|abbr|time)\b[^>]*>", "", markup)  # inline
    markup = re.sub(r"(?s)<[^>]+>", " ", markup)  # block-level tags separate text
    return _collapse(html.unescape(markup))


def page_text(name):
    """Whole-page visible text (HTML: tags stripped, entities unescaped)."""
    raw = (CORPUS / name).read_text(encoding="utf-8")
    return _html_to_text(raw) if name.endswith(".html") else _collapse(raw)


def article_text(name):
    """Article text: for HTML only the <article> element."""
    raw = (CORPUS / name).read_text(encoding="utf-8")
    if not name.endswith(".html"):
        return _collapse(raw)
    match = re.search(r"(?is)<article\b[^>]*>(.*?)</article>", raw)
    assert match, f"{name} has no <article> element"
    return _html_to_text(match.group(1))


def assert_in(sentence, name):
    assert _collapse(sentence) in article_text(name), f"not verbatim in {name}: {sentence!r}"


def test_manifest_entries_are_valid():
    assert len(MANIFEST) >= 7
    assert FILES[0] == "wire-original.txt"
    assert len(set(FILES)) == len(FILES)
    for entry in MANIFEST:
        assert (CORPUS / entry["file"]).is_file(), entry["file"]
        assert entry["title"].strip()
        assert entry["byline"].strip()
        datetime.date.fromisoformat(entry["published_on"])
        source = entry["source"]
        assert source["kind"] in VALID_KINDS
        assert source["domain"].endswith(".example")
        assert entry["url"].startswith(f"https://{source['domain']}/")


def test_outlet_domains_are_consistent():
    by_name, by_domain = {}, {}
    for entry in MANIFEST:
        name, domain = entry["source"]["name"], entry["source"]["domain"]
        assert by_name.setdefault(name, domain) == domain
        assert by_domain.setdefault(domain, name) == name


def test_html_articles_have_title_and_paragraphs():
    for name in FILES:
        if name.endswith(".html"):
            raw = (CORPUS / name).read_text(encoding="utf-8")
            body = re.search(r"(?is)<article\b[^>]*>(.*?)</article>", raw).group(1)
            assert re.search(r"(?is)<h1\b", body)
            assert len(re.findall(r"(?is)<p\b", body)) >= 5


def test_dates_relate_as_documented():
    dates = {e["file"]: datetime.date.fromisoformat(e["published_on"]) for e in MANIFEST}
    earlier = EXPECTED["earlier_report"]["file"]
    main = [dates[f] for f in FILES if f not in (earlier, "unrelated-story.txt")]
    assert max(main) - min(main) <= datetime.timedelta(days=2)
    gap = dates["wire-original.txt"] - dates[earlier]
    assert datetime.timedelta(days=360) <= gap <= datetime.timedelta(days=370)


def test_groups_reference_known_files():
    for group in EXPECTED["same_origin_groups"]:
        assert set(group) <= set(FILES)
    assert isinstance(EXPECTED["independent_origins_for_main_event"], int)


@pytest.mark.parametrize("key", ["contradictions", "derived_contradictions", "same_fact_pairs"])
def test_pair_sentences_are_verbatim(key):
    pairs = EXPECTED.get(key, [])
    if key != "derived_contradictions":
        assert pairs
    for pair in pairs:
        assert pair["a"] != pair["b"]
        assert_in(pair["a_text"], pair["a"])
        assert_in(pair["b_text"], pair["b"])


def test_same_fact_pairs_cover_enough_outlets():
    pairs = EXPECTED["same_fact_pairs"]
    assert len(pairs) >= 8
    assert len({p["b"] for p in pairs}) >= 4


def test_contradiction_values_appear_in_sentences():
    for c in EXPECTED["contradictions"] + EXPECTED.get("derived_contradictions", []):
        if c["slot"] == "number":
            assert c["b_value"] in c["b_text"]


def test_earlier_report_pairs_are_verbatim():
    earlier = EXPECTED["earlier_report"]
    assert earlier["file"] in FILES
    assert earlier["not_a_contradiction_with"]
    for pair in earlier["not_a_contradiction_with"]:
        assert_in(pair["a_text"], pair.get("a", earlier["file"]))
        assert_in(pair["b_text"], pair.get("b", "wire-original.txt"))


def test_claim_sentences_are_verbatim():
    for name, sentences in EXPECTED["claim_sentences"].items():
        assert sentences
        for sentence in sentences:
            assert_in(sentence, name)


def test_boilerplate_examples_are_on_the_html_pages():
    pages = " ".join(page_text(f) for f in FILES if f.endswith(".html"))
    for snippet in EXPECTED["boilerplate_examples"]:
        assert _collapse(snippet) in pages, snippet


def test_corpus_uses_curly_quotes_somewhere():
    assert any("\u201c" in page_text(f) for f in FILES)
