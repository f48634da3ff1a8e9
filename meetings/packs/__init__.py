"""Agenda packs: the front sheet, the papers of every item and page numbers, as one PDF.

- ``fetcher``: the only way WeasyPrint may load a resource (our static and media files).
- ``render``: HTML → PDF with WeasyPrint (tagged, with metadata).
- ``registry``: what each agenda-item kind contributes to a pack (minutes, terms and work
  programme, reports, extra parts such as action plan snapshots registered by other apps).
- ``stamping``: page numbers, "NOT FOR PUBLICATION" marks and blank pages with pypdf.
- ``builder``: assembles a pack (two passes, so the front sheet shows the real page ranges).
- ``cache``: content-version keys, files in the ``packs`` storage, a database lock (``locks``) so a
  pack is built once.
"""
