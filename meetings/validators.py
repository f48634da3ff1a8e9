"""Validation of uploaded PDFs: a real PDF, not encrypted, within size and page limits, and made
safe before it is stored: JavaScript, open actions, additional actions (/AA), launch and other
active actions, ``javascript:`` links, XFA forms and embedded files are removed (see
:func:`sanitise_pdf`); an upload whose active content cannot be removed is refused."""

import hashlib
import io
import re
from dataclasses import dataclass

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError


@dataclass(frozen=True)
class PdfInfo:
    page_count: int
    size: int
    sha256: str
    tagged: bool = False  # has a structure tree (see is_tagged); an untagged upload is accepted but flagged


def inspect_pdf(file) -> PdfInfo:
    """Parse an uploaded file as a PDF and return its facts, or raise ValidationError.

    The result is cached on the file object so that field validation and model cleaning parse
    the file once.
    """
    cached = getattr(file, "_scrutiny_pdf_info", None)
    if cached is not None:
        return cached
    try:
        return _inspect(file)
    except ValidationError as exc:
        try:
            file._scrutiny_pdf_error = exc
        except AttributeError:
            pass
        raise


def already_refused(file) -> bool:
    """True if this upload was already inspected and refused (the field validator reported it)."""
    return getattr(file, "_scrutiny_pdf_error", None) is not None


def _inspect(file) -> PdfInfo:
    max_bytes = settings.PAPER_MAX_UPLOAD_BYTES
    size = file.size
    if size > max_bytes:
        raise ValidationError(
            "The file is %(size)s; papers must be %(limit)s or smaller.",
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    if size == 0:
        raise ValidationError("The file is empty.", code="empty")
    file.seek(0)
    head = file.read(1024)
    if b"%PDF-" not in head:
        raise ValidationError("The file is not a PDF. Upload the paper as a PDF file.", code="not_pdf")
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted:
            raise _encrypted()
        page_count = len(reader.pages)
    except ValidationError:
        raise
    except (DependencyError, FileNotDecryptedError) as exc:  # AES without the crypto library, or a password
        raise _encrypted() from exc
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValidationError(
            "The file could not be read as a PDF (%(reason)s).", code="unreadable", params={"reason": exc}
        ) from exc
    finally:
        file.seek(0)
    if page_count < 1:
        raise ValidationError("The PDF has no pages.", code="no_pages")
    if page_count > settings.PAPER_MAX_PAGES:
        raise ValidationError(
            "The PDF has %(pages)d pages; papers may have at most %(limit)d.",
            code="too_many_pages",
            params={"pages": page_count, "limit": settings.PAPER_MAX_PAGES},
        )
    file.seek(0)
    data = file.read()
    file.seek(0)
    clean = sanitise_pdf(data)
    if clean is not data:
        size, digest = len(clean), hashlib.sha256(clean)
    info = PdfInfo(page_count=page_count, size=size, sha256=digest.hexdigest(), tagged=pdf_is_tagged(clean))
    try:
        file._scrutiny_pdf_info = info
        file._scrutiny_pdf_clean = clean if clean is not data else None
    except AttributeError:
        pass
    return info


def _encrypted() -> ValidationError:
    return ValidationError(
        "The PDF is encrypted or password-protected. Upload a copy without protection.",
        code="encrypted",
    )


# --- Tagging ---------------------------------------------------------------------------------

NOT_ACCESSIBLE = "not accessible: upload a tagged PDF or the Word file"


def is_tagged(pdf: "pikepdf.Pdf") -> bool:
    """Whether an open PDF is tagged: it says so (``/MarkInfo /Marked true``) and has a structure
    tree with at least one element, so a screen reader can follow its headings, lists and tables."""
    root = pdf.Root
    mark_info = root.get("/MarkInfo")
    if not isinstance(mark_info, pikepdf.Dictionary) or not bool(mark_info.get("/Marked", False)):
        return False
    tree = root.get("/StructTreeRoot")
    if not isinstance(tree, pikepdf.Dictionary):
        return False
    kids = tree.get("/K")
    if isinstance(kids, pikepdf.Array):
        return len(kids) > 0
    return isinstance(kids, pikepdf.Dictionary)


def pdf_is_tagged(data: bytes) -> bool:
    """``is_tagged`` for PDF bytes (False for anything that does not open)."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return is_tagged(pdf)
    except (pikepdf.PdfError, ValueError, RuntimeError):
        return False


# --- Active content -------------------------------------------------------------------------

# Actions that run code, open or submit to other files or programs, or play media.
UNSAFE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/ImportData",
        "/SubmitForm",
        "/GoToE",
        "/GoToR",
        "/RichMediaExecute",
        "/Rendition",
        "/Sound",
        "/Movie",
        "/GoTo3DView",
    }
)
SAFE_URI_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def _is_dict(obj) -> bool:
    return isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream))


def _name(obj, key) -> str:
    value = obj.get(key)
    return str(value) if isinstance(value, pikepdf.Name) else ""


def _unsafe_uri(action) -> bool:
    value = action.get("/URI")
    if value is None:
        return False
    try:
        text = bytes(value).decode("latin-1") if isinstance(value, pikepdf.String) else str(value)
    except Exception:  # noqa: BLE001 - an unreadable URI is not a safe one
        return True
    match = _SCHEME.match(_CONTROL.sub("", text).lower())
    return bool(match) and match.group(1) not in SAFE_URI_SCHEMES


def _unsafe_action(obj) -> str:
    """What is wrong with an action dictionary ('' if it is harmless)."""
    if not _is_dict(obj):
        return ""
    kind = _name(obj, "/S")
    if kind in UNSAFE_ACTIONS:
        return f"{kind[1:]} action"
    if "/JS" in obj:
        return "JavaScript"
    if kind == "/URI" and _unsafe_uri(obj):
        return "unsafe link (for example javascript:)"
    return ""


def _problems(obj) -> list[str]:
    """Active content held by one dictionary itself (not by what it refers to)."""
    found = []
    for key, what in (
        ("/OpenAction", "open action (/OpenAction)"),
        ("/AA", "additional actions (/AA)"),
        ("/XFA", "XFA form"),
        ("/EmbeddedFiles", "embedded files"),
        ("/EF", "embedded file"),
    ):
        if key in obj:
            found.append(what)
    if "/JavaScript" in obj and "/S" not in obj:
        found.append("document JavaScript")
    if _name(obj, "/Type") == "/EmbeddedFile":
        found.append("embedded file")
    if _name(obj, "/Subtype") in ("/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"):
        found.append(f"{_name(obj, '/Subtype')[1:]} annotation")
    if what := _unsafe_action(obj):
        found.append(what)
    return found


def _remove(obj) -> None:
    """Remove the active content a dictionary holds or points to directly."""
    for key in ("/OpenAction", "/AA", "/XFA", "/EmbeddedFiles", "/EF"):
        if key in obj:
            del obj[key]
    if "/JavaScript" in obj and "/S" not in obj:  # the /Names dictionary's JavaScript tree
        del obj["/JavaScript"]
    for key in ("/A", "/PA", "/Next"):
        value = obj.get(key)
        if value is None:
            continue
        if isinstance(value, pikepdf.Array):
            kept = [a for a in value if not _unsafe_action(a)]
            if len(kept) != len(value):
                obj[key] = pikepdf.Array(kept)
        elif _unsafe_action(value):
            del obj[key]
    annots = obj.get("/Annots")
    if isinstance(annots, pikepdf.Array):
        kept = [
            a
            for a in annots
            if not (
                _is_dict(a) and _problems(a) and _name(a, "/Subtype") != "/Link" and _name(a, "/Subtype") != "/Widget"
            )
        ]
        if len(kept) != len(annots):
            obj["/Annots"] = pikepdf.Array(kept)


def _walk(pdf: "pikepdf.Pdf", *, fix: bool) -> list[str]:
    found: list[str] = []
    seen: set[tuple[int, int]] = set()
    stack = [pdf.trailer]
    while stack:
        obj = stack.pop()
        if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream, pikepdf.Array)):
            continue
        objgen = obj.objgen
        if objgen != (0, 0):
            if objgen in seen:
                continue
            seen.add(objgen)
        if isinstance(obj, pikepdf.Array):
            stack.extend(obj)
            continue
        if fix:
            _remove(obj)
        found.extend(_problems(obj))
        stack.extend(obj[key] for key in obj.keys())
    return found


def active_content(data: bytes) -> list[str]:
    """What active content a PDF holds (an empty list for a safe one)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return _walk(pdf, fix=False)


def sanitise_pdf(data: bytes) -> bytes:
    """The PDF without active content: ``data`` itself (the same object) when it has none, else a
    rewritten copy. Raises ValidationError if the file cannot be read or made safe."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if not _walk(pdf, fix=False):
                return data
            _walk(pdf, fix=True)
            out = io.BytesIO()
            pdf.save(out)
        clean = out.getvalue()
        left = active_content(clean)
    except pikepdf.PasswordError as exc:
        raise _encrypted() from exc
    except (pikepdf.PdfError, ValueError, RuntimeError) as exc:
        raise ValidationError(
            "The file could not be read as a PDF (%(reason)s).", code="unreadable", params={"reason": exc}
        ) from exc
    if left:
        raise ValidationError(
            "The PDF holds active content that could not be removed (%(what)s). Upload a plain copy.",
            code="active_content",
            params={"what": ", ".join(sorted(set(left)))},
        )
    return clean


def validate_pdf_upload(value) -> None:
    """Field validator: only checks files being uploaded now, not ones already stored.

    An upload that held active content is swapped, before it is stored, for its safe copy.
    """
    if not value or getattr(value, "_committed", True):
        return
    file = value.file if hasattr(value, "file") else value
    info = inspect_pdf(file)
    clean = getattr(file, "_scrutiny_pdf_clean", None)
    if clean is not None and hasattr(value, "file"):
        safe = ContentFile(clean, name=value.name)
        safe._scrutiny_pdf_info = info
        safe._scrutiny_pdf_clean = None
        value.file = safe
