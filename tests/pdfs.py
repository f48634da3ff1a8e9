"""Small real PDFs made on the fly for tests."""

import io

from pypdf import PdfWriter


def make_pdf(pages: int = 1, text: str | None = None, encrypt: str | None = None) -> bytes:
    if text is not None:
        from weasyprint import HTML

        body = "".join(
            f'<section style="page-break-after: always"><p>{text} page {n + 1}</p></section>' for n in range(pages)
        )
        data = HTML(string=f"<html><body>{body}</body></html>").write_pdf()
        if encrypt is None:
            return data
        from pypdf import PdfReader

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    else:
        writer = PdfWriter()
        for _ in range(pages):
            writer.add_blank_page(width=595, height=842)
    if encrypt is not None:
        writer.encrypt(encrypt)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_active_pdf(pages: int = 2) -> bytes:
    """A PDF holding every kind of active content uploads must lose: document JavaScript, an
    open action, additional actions on the catalog, a page and a form widget, a launch action,
    a ``javascript:`` link, an embedded file and a file-attachment annotation."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    pdf = pikepdf.open(io.BytesIO(make_pdf(pages)))
    js = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("app.alert('pwned')")))
    pdf.Root.OpenAction = js
    pdf.Root.AA = Dictionary(WC=Dictionary(S=Name.JavaScript, JS=String("app.alert(1)")))
    embedded = pdf.make_stream(b"MZ not really an executable")
    embedded.Type = Name.EmbeddedFile
    filespec = pdf.make_indirect(Dictionary(Type=Name.Filespec, F=String("evil.exe"), EF=Dictionary(F=embedded)))
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(Names=Array([String("init"), js])),
        EmbeddedFiles=Dictionary(Names=Array([String("evil.exe"), filespec])),
    )
    page = pdf.pages[0]
    page.obj.AA = Dictionary(O=Dictionary(S=Name.JavaScript, JS=String("app.alert(2)")))
    rect = Array([72, 72, 200, 100])
    widget = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Widget,
            FT=Name.Tx,
            T=String("name"),
            Rect=rect,
            AA=Dictionary(K=Dictionary(S=Name.JavaScript, JS=String("app.alert(3)"))),
        )
    )
    page.obj.Annots = pdf.make_indirect(
        Array(
            [
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.Link,
                    Rect=rect,
                    A=Dictionary(S=Name.URI, URI=String(" JaVa\tScript:alert(4)")),
                ),
                Dictionary(
                    Type=Name.Annot, Subtype=Name.Link, Rect=rect, A=Dictionary(S=Name.Launch, F=String("cmd.exe"))
                ),
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.Link,
                    Rect=rect,
                    A=Dictionary(S=Name.URI, URI=String("https://www.manchester.gov.uk/")),
                ),
                Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment, Rect=rect, FS=filespec),
                widget,
            ]
        )
    )
    pdf.Root.AcroForm = Dictionary(Fields=Array([widget]), XFA=pdf.make_stream(b"<xdp/>"))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def make_aes_pdf(algorithm: str, pages: int = 1) -> bytes:
    """An AES-encrypted PDF (``AES-128`` or ``AES-256``), with an empty user password."""
    writer = PdfWriter(clone_from=make_pdf_reader(make_pdf(pages)))
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_pdf_reader(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))
