"""A posting's text from an uploaded file: .txt, .pdf, .docx or .html, at most 200 KB.

Pure (bytes in, text or a reason out): the form shows the reason and saves nothing.
PDF through pypdf; .docx is a zip of XML, read with the standard library (no
python-docx); HTML through the standard library's parser, scripts and styles dropped.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree import ElementTree

MAX_BYTES = 200 * 1024
KINDS = (".txt", ".pdf", ".docx", ".html", ".htm")
WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class Unreadable(ValueError):
    """The file is not a posting we can read; the message says why, for the person."""


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def text_of(upload: Upload) -> str:
    """The text of an uploaded posting, or Unreadable with a reason."""
    if len(upload.data) > MAX_BYTES:
        raise Unreadable("The file is larger than 200 KB.")
    if not upload.data:
        raise Unreadable("The file is empty.")
    kind = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    readers = {".txt": _txt, ".pdf": _pdf, ".docx": _docx, ".html": _html, ".htm": _html}
    if kind not in readers:
        raise Unreadable("Upload a .txt, .pdf, .docx or .html file, or paste the text.")
    text = readers[kind](upload.data).replace("\x00", "")
    text = re.sub(r"[ \t\r\f\v]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not text:
        raise Unreadable("No text could be read from the file (a scanned PDF has none).")
    return text


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unreadable("The file is not UTF-8 text.") from error


def _txt(data: bytes) -> str:
    text = _decode(data)
    if any(ord(ch) < 32 and ch not in "\n\r\t\f" for ch in text):
        raise Unreadable("The file is not plain text.")
    return text


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.startswith(b"%PDF"):
        raise Unreadable("The file is not a PDF.")
    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise Unreadable("The PDF could not be read.") from error


def _docx(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > 20 * MAX_BYTES:  # a zip bomb unpacks far beyond its size
                raise Unreadable("The document is too large once unpacked.")
            root = ElementTree.fromstring(archive.read(info))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as error:
        raise Unreadable("The file is not a Word (.docx) document.") from error
    paragraphs = []
    for paragraph in root.iter(f"{WORD}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{WORD}t" and node.text:
                parts.append(node.text)
            elif node.tag in (f"{WORD}tab", f"{WORD}br"):
                parts.append(" ")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


class _Text(HTMLParser):
    BLOCKS = {
        "p",
        "div",
        "li",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "ul",
        "ol",
        "section",
        "article",
        "header",
        "footer",
        "dt",
        "dd",
        "table",
    }
    SKIP = {"script", "style", "noscript", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def _html(data: bytes) -> str:
    parser = _Text()
    parser.feed(_decode(data))
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).splitlines())
    return "\n".join(lines)
