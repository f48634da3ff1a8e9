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
