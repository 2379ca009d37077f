"""A letterhead part in UTF-16 that declares a DOCTYPE is refused as a UTF-8 one is. The
DOCTYPE was looked for in the part's bytes as ASCII, and in UTF-16 its letters are apart
('<\\x00!\\x00D\\x00...'), so the part passed while expat, which reads UTF-16, parsed it whole."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ratecalc.errors import InputError
from ratecalc_letter.styles import DEFAULT_TEMPLATE
from ratecalc_letter.template_safety import template_bytes

_CORE = ('<?xml version="1.0" encoding="UTF-16"?>'
         '<!DOCTYPE cp:coreProperties [<!ENTITY a "aaaaaaaaaa">]>'
         '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
         'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
         '<dc:title>&a;</dc:title></cp:coreProperties>')


def _with_core(target: Path, data: bytes) -> Path:
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, data if info.filename == "docProps/core.xml"
                         else source.read(info))
    return target


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_doctype_in_utf16_is_refused(tmp_path: Path, encoding: str) -> None:
    template = _with_core(tmp_path / "letterhead.docx", _CORE.encode(encoding))
    with pytest.raises(InputError, match=r"template 'letterhead\.docx', part "
                                         r"'docProps/core\.xml': the XML declares a DOCTYPE"):
        template_bytes(template)


def test_a_utf16_part_without_one_is_read(tmp_path: Path) -> None:
    # Word reads a part in UTF-16 (with a byte-order mark, or told by its declaration)
    plain = _CORE.replace('<!DOCTYPE cp:coreProperties [<!ENTITY a "aaaaaaaaaa">]>', "")
    for encoding in ("utf-16", "utf-16-le"):
        template = _with_core(tmp_path / f"{encoding}.docx",
                              plain.replace("&a;", "Letterhead").encode(encoding))
        assert template_bytes(template)[:2] == b"PK"
