"""The PDF/UA-1 harness (tests/pdfua.py) catches what each validator catches."""

import pytest

from tests.pdfs import make_pdf
from tests.pdfua import page_validation_failures, pdfua_failures, pdfua_library_failures

pytestmark = pytest.mark.pdfua


def test_an_untagged_pdf_fails_both_validators():
    data = make_pdf(text="Untagged")
    assert any("neither /Artifact nor tagged" in f for f in page_validation_failures(data))
    assert any("has no /StructTreeRoot" in f for f in pdfua_library_failures(data))
    assert len(pdfua_failures(data)) == len(page_validation_failures(data)) + len(pdfua_library_failures(data))


def test_an_unreadable_file_is_a_failure_not_an_error():
    assert any(f.startswith("pdfua: unreadable") for f in pdfua_library_failures(b"not a pdf"))
    assert any(f.startswith("page-validation: unreadable") for f in page_validation_failures(b"not a pdf"))
