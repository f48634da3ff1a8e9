"""PDF/UA-1 checks with the two validators issue #15 names, for any test that holds PDF bytes.

``pdfua_failures(data)`` runs both and returns one line per failure, empty when the PDF passes
both:

- ``page-validation`` (module ``page``; a Rust validator whose authors report it passes the veraPDF
  corpus) with its ``ua1`` profile. Every failed rule is a failure.
- ``pdfua`` (pikepdf-based, the machine-checkable subset of PDF/UA-1). Every finding is a failure,
  whatever its severity or confidence; so is a rule that could not run on the file ("skipped"),
  since a check that did not run proves nothing.

Both are pinned to exact versions in pyproject's ``test`` extra: a new release may add rules, and
the suite should not turn red without a change of ours. Tests that call this are marked
``pdfua`` (run once in CI, on PostgreSQL).

Each line starts with the validator's name and the rule, e.g.
``page-validation 7.1-3: Content is neither marked as Artifact nor tagged as real content (obj 12 0)``
or ``pdfua UA-07-001 [error] page 2: ...``.
"""

import os
import tempfile
from unittest import mock

import page
import pdfua
import pdfua.document
import pdfua.rules.structure
import pikepdf


def page_validation_failures(data: bytes) -> list[str]:
    """Failures of ``page-validation``'s PDF/UA-1 profile (``ua1``)."""
    try:
        report = page.validate_pdf_bytes(data, profile="ua1")
    except page.PageError as exc:
        return [f"page-validation: unreadable: {exc}"]
    failures = []
    for failure in report.failures:
        where = f" (obj {failure.object_id.object_number} {failure.object_id.generation})" if failure.object_id else ""
        failures.append(f"page-validation {failure.rule_id}: {failure.message}{where}")
    if not failures and not report.is_compliant:
        failures.append("page-validation: not compliant, without a failed rule")
    return failures


def _as_integer(value):
    """``pdfua.document.as_integer`` without its crash on arrays and dictionaries.

    pdfua 0.1.3 probes ``getattr(value, "is_integer", False)``; pikepdf 10 answers that on an
    ``Array`` with ``ValueError`` rather than ``AttributeError``, so rule UA-14-001 (empty
    headings) stops on any heading whose ``/K`` is an array (every heading WeasyPrint writes) and
    reports itself skipped. An array or dictionary is never an integer: answering ``None`` lets the
    rule do its real check on the headings.
    """
    if isinstance(value, (pikepdf.Array, pikepdf.Dictionary)):
        return None
    return pdfua.document.as_integer(value)


def pdfua_library_failures(data: bytes) -> list[str]:
    """Findings and unrunnable rules of ``pdfua`` (it reads a path, so the bytes go to a temp file)."""
    handle, path = tempfile.mkstemp(suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        try:
            with mock.patch.object(pdfua.rules.structure, "as_integer", _as_integer):
                report = pdfua.validate(path)
        except pdfua.PdfuaError as exc:
            return [f"pdfua: unreadable: {exc}"]
    finally:
        os.unlink(path)
    failures = [
        f"pdfua {f.rule_id} [{f.severity.name.lower()}] {f.location.describe()}: {f.message}" for f in report.findings
    ]
    failures += [f"pdfua {o.rule_id} [skipped]: {o.skipped_reason}" for o in report.skipped]
    return failures


def pdfua_failures(data: bytes) -> list[str]:
    """Every PDF/UA-1 failure either validator reports; ``[]`` means both pass."""
    return page_validation_failures(data) + pdfua_library_failures(data)


if __name__ == "__main__":  # python -m tests.pdfua FILE.pdf ...: what the suite would say
    import sys

    status = 0
    for name in sys.argv[1:]:
        with open(name, "rb") as f:
            found = pdfua_failures(f.read())
        print(f"{name}: {len(found)} failure(s)")
        for line in found:
            print(f"  {line}")
        status = status or (1 if found else 0)
    sys.exit(status)
