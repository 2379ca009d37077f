"""A template whose styles part holds a style named with no value (``<w:name/>``, which the
schema requires to have ``w:val``) is refused in words naming the file, the part and the style.

It stopped ``ratecalc letter --template`` with "internal error, please report it" (python-docx's
InvalidXmlError, raised while the styles RateCalc adds were looked for) and an exit code of 4.
"""

from __future__ import annotations

import copy
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from ratecalc.errors import InputError
from ratecalc_letter.render import load_template
from ratecalc_letter.styles import DEFAULT_TEMPLATE


def _nameless(tmp_path: Path, where: str) -> Path:
    doc = docx.Document(str(DEFAULT_TEMPLATE))
    styles = doc.styles.element
    style = copy.deepcopy(doc.styles["RateCalc Body"].element)
    style.set(qn("w:styleId"), "Nameless")
    style.find(qn("w:name")).attrib.clear()
    if where == "first":
        styles.insert(0, style)
    else:
        styles.append(style)
    path = tmp_path / "letterhead.docx"
    doc.save(str(path))
    return path


@pytest.mark.parametrize("where", ["first", "last"])
def test_a_style_named_with_no_value_is_refused_in_words(tmp_path: Path, where: str) -> None:
    with pytest.raises(InputError) as refused:
        load_template(_nameless(tmp_path, where))
    assert str(refused.value) == (
        "template 'letterhead.docx', part 'word/styles.xml': the style 'Nameless' has a name "
        "with no value (w:name without w:val); open the template in Word, save it again and "
        "use that copy")


def test_the_default_and_a_plain_template_still_load(tmp_path: Path) -> None:
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    for template in (None, plain):
        doc, _ = load_template(template)
        assert "RateCalc Body" in {s.name for s in doc.styles}
