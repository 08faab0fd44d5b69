"""The upload page: files and pasted text become articles through the ingestion service; refusals store nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.models import Article, Source

CORPUS = Path(__file__).resolve().parents[2] / "articles" / "sample_corpus"
OUTLET = {"source_name": "Meridian Press Agency", "source_domain": "meridianpress.example", "source_kind": "wire"}


def _file(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else (CORPUS / name).read_bytes())


def test_it_stores_an_uploaded_file_and_links_to_it(editor_client: Client) -> None:
    response = editor_client.post(reverse("articles:upload"), {**OUTLET, "uploads": [_file("wire-original.txt")]})
    assert response.status_code == 200
    article = Article.objects.get()
    assert article.source.domain == "meridianpress.example"
    assert article.title == "At least 14 dead as flash flood brings down bridge in Lorvan"
    assert article.get_absolute_url().encode() in response.content


def test_it_stores_several_files_and_pasted_text_in_one_post(editor_client: Client) -> None:
    text = "The council approved a new flood barrier on Monday. It will cost 3 million euros, the mayor said."
    response = editor_client.post(
        reverse("articles:upload"),
        {**OUTLET, "uploads": [_file("wire-original.txt"), _file("unrelated-story.txt")], "text": text},
    )
    assert response.status_code == 200
    assert Article.objects.count() == 3


def test_it_uses_an_existing_outlet(editor_client: Client) -> None:
    outlet = Source.objects.create(name="CPTV News", domain="cptv.example", kind="broadcaster")
    editor_client.post(
        reverse("articles:upload"), {"existing_source": outlet.pk, "uploads": [_file("broadcaster-update.txt")]}
    )
    assert Article.objects.get().source == outlet


def test_it_rejects_a_binary_upload_with_a_specific_error_and_stores_nothing(editor_client: Client) -> None:
    response = editor_client.post(
        reverse("articles:upload"), {**OUTLET, "uploads": [_file("photo.txt", b"\x89PNG\x00\x00\x01binary")]}
    )
    assert response.status_code == 400
    assert "photo.txt is a binary file, not text." in response.content.decode()
    assert not Article.objects.exists()
    assert not Source.objects.exists()


def test_it_rejects_an_unsupported_type(editor_client: Client) -> None:
    response = editor_client.post(reverse("articles:upload"), {**OUTLET, "uploads": [_file("tool.exe", b"MZ" * 50)]})
    assert response.status_code == 400
    assert "files of type .exe are not supported" in response.content.decode()
    assert not Article.objects.exists()


def test_it_asks_for_a_file_or_text(editor_client: Client) -> None:
    response = editor_client.post(reverse("articles:upload"), OUTLET)
    assert response.status_code == 400
    assert "Choose at least one file or paste the article text." in response.content.decode()


def test_it_refuses_a_duplicate_and_links_to_the_existing_article(editor_client: Client) -> None:
    editor_client.post(reverse("articles:upload"), {**OUTLET, "uploads": [_file("wire-original.txt")]})
    existing = Article.objects.get()
    response = editor_client.post(reverse("articles:upload"), {**OUTLET, "uploads": [_file("wire-original.txt")]})
    assert response.status_code == 400
    body = response.content.decode()
    assert f"This text is already in the workbench as article {existing.pk}" in body
    assert f'href="{existing.get_absolute_url()}"' in body
    assert Article.objects.count() == 1


def test_the_fetch_upload_answers_per_file_json(editor_client: Client) -> None:
    url = reverse("articles:upload")
    first = editor_client.post(
        url, {**OUTLET, "uploads": [_file("wire-original.txt")]}, headers={"Accept": "application/json"}
    )
    assert first.status_code == 201
    [result] = first.json()["results"]
    assert result["ok"] is True
    assert result["url"] == Article.objects.get().get_absolute_url()

    again = editor_client.post(
        url, {**OUTLET, "uploads": [_file("wire-original.txt")]}, headers={"Accept": "application/json"}
    )
    assert again.status_code == 409
    [duplicate] = again.json()["results"]
    assert duplicate["code"] == "duplicate"
    assert duplicate["existing_url"] == Article.objects.get().get_absolute_url()


def test_title_and_url_are_refused_for_several_items(editor_client: Client) -> None:
    response = editor_client.post(
        reverse("articles:upload"),
        {**OUTLET, "title": "One title", "uploads": [_file("wire-original.txt"), _file("unrelated-story.txt")]},
    )
    assert response.status_code == 400
    assert "leave them blank when uploading several items" in response.content.decode()
    assert not Article.objects.exists()


def test_the_dateline_the_editor_types_is_stored_over_the_one_the_page_prints(editor_client: Client) -> None:
    text = (
        "KHARTOUM, Sudan (AP) - The council approved a new flood barrier on Monday. "
        "It will cost 3 million euros, the mayor said."
    )
    response = editor_client.post(
        reverse("articles:upload"), {**OUTLET, "text": text, "dateline": "  OMDURMAN, Sudan (Reuters)  "}
    )
    assert response.status_code == 200
    assert Article.objects.get().dateline == "OMDURMAN, Sudan (Reuters)"


def test_without_a_typed_dateline_the_page_dateline_is_kept(editor_client: Client) -> None:
    text = (
        "KHARTOUM, Sudan (AP) - The council approved a new flood barrier on Monday. "
        "It will cost 3 million euros, the mayor said."
    )
    editor_client.post(reverse("articles:upload"), {**OUTLET, "text": text})
    assert Article.objects.get().dateline.startswith("KHARTOUM")
