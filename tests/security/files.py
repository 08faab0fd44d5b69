"""Hostile and broken upload files, built in memory: bombs, truncations, encrypted and oversized documents."""

from __future__ import annotations

import io
import zipfile
import zlib

from tests.documents import make_docx, make_pdf

PROSE = (
    "Flood waters rose across the Riverton valley on Friday after three days of heavy rain, officials said, "
    "and the regional authority opened two shelters for families who left their homes. "
)


def _rezip(base: bytes, replace: dict[str, bytes], extra: dict[str, bytes] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            archive.writestr(entry.filename, replace.get(entry.filename, source.read(entry.filename)))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def _document_xml(base: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(base)).read("word/document.xml")


def docx(paragraphs: int = 3) -> bytes:
    return make_docx([PROSE] * paragraphs, title="Flood in Riverton")


def docx_bomb(empty_paragraphs: int = 7_000_000) -> bytes:
    """The audit's bomb: ~100 KB on disk, 40 MB of empty paragraphs once unpacked."""
    base = docx(1)
    head, tail = _document_xml(base).split(b"<w:body>")
    return _rezip(base, {"word/document.xml": head + b"<w:body>" + b"<w:p/>" * empty_paragraphs + tail})


def docx_many_entries(entries: int) -> bytes:
    return _rezip(docx(1), {}, {f"customXml/extra{i}.xml": b"<a/>" for i in range(entries)})


def docx_truncated() -> bytes:
    base = docx(3)
    xml = _document_xml(base)
    return _rezip(base, {"word/document.xml": xml[: len(xml) // 2]})


def docx_with_entities() -> bytes:
    """A billion-laughs document: the DTD alone is refused."""
    base = docx(1)
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    xml = _document_xml(base)
    return _rezip(
        base, {"word/document.xml": laughs + xml[xml.index(b"<w:document") :].replace(b"<w:t>", b"<w:t>&c;", 1)}
    )


def docx_without_body() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return out.getvalue()


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def pdf() -> bytes:
    return make_pdf([PROSE[:90], PROSE[90:]])


def pdf_flate_bomb(unpacked: int) -> bytes:
    """A page whose content stream inflates to `unpacked` bytes."""
    stream = zlib.compress(b"%" + b" " * unpacked, 9)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R >>",
            f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream",
        ]
    )


def pdf_pages(count: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=612, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_encrypted() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf())))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def html_with_tags(count: int) -> bytes:
    return ("<html><body><article><p>" + PROSE + "</p>" + "<span></span>" * count + "</article></body></html>").encode()
