from __future__ import annotations

from pathlib import Path

import pytest

from articles.documents import DocumentError, content_hash, extract_document, extract_pasted_text, normalise_text
from tests.documents import make_docx, make_pdf

CORPUS = Path(__file__).resolve().parents[2] / "articles" / "sample_corpus"
LIMIT = 5 * 1024 * 1024
STORY = (
    "LORVAN (MPA) - At least 14 people were killed when a flash flood swept away the Harrow Street Bridge, "
    "police said on Saturday."
)


def extract(filename: str, data: bytes, limit: int = LIMIT):  # type: ignore[no-untyped-def]
    return extract_document(filename=filename, data=data, max_bytes=limit)


@pytest.mark.parametrize(
    ("filename", "data", "code", "message"),
    [
        ("empty.txt", b"", "empty", "empty.txt is empty."),
        ("blank.txt", b"   \n\n  \t", "empty", "blank.txt is empty."),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary", "binary file"),
        ("mangled.txt", b"\x81\x8d\x8f\x90\x9d" * 40, "undecodable", "could not be decoded as UTF-8 or Windows-1252"),
        ("story.exe", STORY.encode(), "unsupported_type", "files of type .exe are not supported"),
        ("story", STORY.encode(), "unsupported_type", "files of type no extension are not supported"),
        ("short.txt", b"Too short.", "too_short", "an article needs at least 40"),
        ("numbers.txt", b"1234567890 " * 20, "not_text", "does not look like prose"),
        ("broken.docx", b"PK\x03\x04 this is not a zip", "corrupt", "not a readable Word (.docx) document"),
        ("broken.pdf", b"%PDF-1.4 garbage", "corrupt", "not a readable PDF document"),
        ("nothing.html", b"<html><body><script>var a = 1;</script></body></html>", "no_main_text", "no article text"),
    ],
)
def test_it_refuses_bad_uploads_with_a_specific_error(filename, data, code, message):
    with pytest.raises(DocumentError) as excinfo:
        extract(filename, data)
    assert excinfo.value.code == code
    assert message in str(excinfo.value)


def test_it_refuses_an_oversized_upload_and_names_the_limit():
    with pytest.raises(DocumentError) as excinfo:
        extract("big.txt", STORY.encode() * 10, limit=1000)
    assert excinfo.value.code == "too_large"
    size_kb = len(STORY.encode() * 10) / 1024
    assert str(excinfo.value) == f"big.txt is {size_kb:.1f} KB; the limit is 1.0 KB."


def test_it_reads_plain_text_and_takes_the_first_short_line_as_title():
    document = extract("story.txt", f"Bridge swept away\n\n{STORY}\n".encode())
    assert document.title == "Bridge swept away"
    assert STORY in document.body


def test_it_decodes_windows_1252_newsroom_exports():
    document = extract("legacy.txt", (STORY + " The caf\u00e9 was shut.").encode("cp1252"))
    assert "caf\u00e9" in document.body


def test_it_strips_markdown_markup_and_uses_the_heading_as_title():
    document = extract("story.md", f"# Flood in Lorvan\n\n**{STORY}** See [the map](http://x.example).".encode())
    assert document.title == "Flood in Lorvan"
    assert "**" not in document.body and "the map" in document.body and "http" not in document.body


def test_it_keeps_only_the_main_text_of_an_html_page():
    html = (CORPUS / "rewrite-of-wire.html").read_bytes()
    document = extract("rewrite-of-wire.html", html)
    assert "Harrow Street Bridge" in document.body
    for junk in ("Share this article", "Related stories", "Leave a comment", "All rights reserved"):
        assert junk.lower() not in document.body.lower()


def test_it_reads_docx_paragraphs_and_title():
    data = make_docx([STORY, "Rescue teams searched 15 km (9 miles) of riverbank."], title="Flood kills 14")
    document = extract("story.docx", data)
    assert document.title == "Flood kills 14"
    assert "15 km (9 miles)" in document.body


def test_it_reads_the_text_layer_of_a_pdf():
    data = make_pdf(
        ["LORVAN - At least 14 people were killed when a flash flood", "swept away the bridge, police said."]
    )
    document = extract("story.pdf", data)
    assert "14 people were killed when a flash flood swept away the bridge" in document.body


def test_it_removes_control_characters_and_normalises_newlines():
    assert normalise_text("One\x00 two\x07\r\nthree\u200b\r\n\r\n\r\n\r\nfour") == "One two\nthree\n\nfour"


def test_pasted_text_gets_the_same_checks():
    with pytest.raises(DocumentError) as excinfo:
        extract_pasted_text("   ", max_bytes=LIMIT)
    assert excinfo.value.code == "empty"


def test_the_content_hash_ignores_case_and_whitespace_differences():
    assert content_hash("Flood  kills 14.\nPolice said.") == content_hash("flood kills 14. police said.")
    assert content_hash("Flood kills 14.") != content_hash("Flood kills 19.")


def test_an_html_page_takes_its_date_only_from_explicit_markup():
    html = (CORPUS / "rewrite-of-wire.html").read_text()
    # The visible byline says "March 14, 2026"; guessing from free text used to turn that into 1 March.
    assert extract("page.html", html.encode()).published_on is None
    tagged = html.replace("<head>", '<head><meta property="article:published_time" content="2026-03-14T08:00:00Z">')
    assert str(extract("page.html", tagged.encode()).published_on) == "2026-03-14"


def test_a_page_extracts_the_same_text_however_often_it_was_uploaded_before():
    # trafilatura's deduplication kept a process-wide memory of seen paragraphs: the fourth upload of one page lost
    # text and the seventh found none, so a worker fed wire copies degraded as it went.
    html = (CORPUS / "rewrite-of-wire.html").read_bytes()
    bodies = {extract("page.html", html).body for _ in range(8)}
    assert len(bodies) == 1
    assert "Harrow Street Bridge" in bodies.pop()
