"""One tagged PDF from several: pages copied in order, structure trees merged under one Document.

A pack (front sheet, then each item's papers) and a single paper served with stamps are built
here. Every part's pages are copied into a new PDF; when the part is tagged, its structure tree
is copied too and merged into the new document's tree, in order:

- each part's top elements (the children of its ``/Document``) become children of the new
  ``/Document``, so a screen reader meets the front sheet, then each paper, as one document;
- the parent tree (marked content → element) is a number tree keyed by each page's
  ``/StructParents`` (and each annotation's ``/StructParent``): a part's keys start at 0, so
  they are shifted past the keys already used and the entries moved across with the same shift;
- role maps and class maps are merged (a name the part maps differently is resolved to its
  standard type on the part's own elements); element IDs are prefixed with the part's number so
  that two parts' table headers cannot collide, and listed in one ID tree.

An untagged part's pages are copied as they are and reported (`Assembly.untagged`): such pages
are not accessible, and the pack cannot be PDF/UA until the part is replaced by a tagged PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from meetings.validators import is_tagged

# Bump when assembly (merging, stamps, metadata) changes, so that every stored PDF is rebuilt.
VERSION = "assembly-2"

# The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4): these need no role map entry.
STANDARD_TYPES = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 "
    "L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot "
    "Ruby RB RT RP Warichu WT WP Figure Formula Form".split()
)


@dataclass
class PartPages:
    """Where a part landed: its first page (0-based), how many pages, whether it kept tags."""

    title: str
    first: int
    count: int
    tagged: bool

    @property
    def pages(self) -> range:
        return range(self.first, self.first + self.count)


@dataclass
class Assembly:
    """A new PDF being assembled from parts (``append``), then finished (``finish``)."""

    lang: str = ""
    pdf: pikepdf.Pdf = field(default_factory=pikepdf.new)
    parts: list[PartPages] = field(default_factory=list)

    def __post_init__(self):
        pdf = self.pdf
        self.root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=self.root, K=Array()))
        if self.lang:
            self.document.Lang = String(self.lang)
        self.root.K = Array([self.document])
        self._nums: list[tuple[int, pikepdf.Object]] = []
        self._next_key = 0
        self._role_map: dict[str, pikepdf.Object] = {}
        self._class_map: dict[str, pikepdf.Object] = {}
        self._ids: dict[str, pikepdf.Object] = {}

    @property
    def untagged(self) -> list[PartPages]:
        return [part for part in self.parts if not part.tagged]

    def append(self, source: pikepdf.Pdf, *, title: str) -> PartPages:
        """Copy every page of `source` to the end, with its structure when it is tagged."""
        pdf = self.pdf
        first = len(pdf.pages)
        pdf.pages.extend(source.pages)
        pages = [pdf.pages[index] for index in range(first, len(pdf.pages))]
        tagged = is_tagged(source)
        part = PartPages(title=title, first=first, count=len(pages), tagged=tagged)
        self.parts.append(part)
        if not tagged:
            for page in pages:  # keys that would point into someone else's parent tree
                _drop_struct_keys(page)
            return part
        number = len(self.parts)
        tree = pdf.copy_foreign(source.Root.StructTreeRoot)
        offset = self._next_key
        highest = -1
        parent_tree = tree.get("/ParentTree")
        if isinstance(parent_tree, pikepdf.Dictionary):
            for key, value in pikepdf.NumberTree(parent_tree).items():
                self._nums.append((int(key) + offset, value))
                highest = max(highest, int(key))
        next_key = tree.get("/ParentTreeNextKey")
        if isinstance(next_key, int):
            highest = max(highest, int(next_key) - 1)
        seen: set[tuple[int, int]] = set()
        for page in pages:
            _shift_keys(page, offset, seen)
            if "/Annots" in page.obj:
                page.obj.Tabs = Name.S  # PDF/UA: annotations in structure order
        self._next_key = offset + highest + 1

        renamed = self._merge_maps(tree)
        source_lang = source.Root.get("/Lang")
        for element in _top_elements(tree):
            element.P = self.document
            if source_lang is not None and str(source_lang) != self.lang and "/Lang" not in element:
                element.Lang = source_lang
            self.document.K.append(element)
            self._walk(element, prefix=f"p{number}-", renamed=renamed)
        return part

    def _merge_maps(self, tree: pikepdf.Dictionary) -> dict[str, Name]:
        """Merge the part's role and class maps; return {role: standard type} for roles this part
        maps differently from an earlier part (its elements are given the standard type)."""
        renamed: dict[str, Name] = {}
        role_map = tree.get("/RoleMap")
        if isinstance(role_map, pikepdf.Dictionary):
            for key in role_map.keys():
                target = role_map[key]
                known = self._role_map.get(key)
                if known is None:
                    self._role_map[key] = target
                elif str(known) != str(target):
                    renamed[key] = _standard(target, role_map)
        class_map = tree.get("/ClassMap")
        if isinstance(class_map, pikepdf.Dictionary):
            for key in class_map.keys():
                self._class_map.setdefault(key, class_map[key])
        return renamed

    def _walk(self, element: pikepdf.Dictionary, *, prefix: str, renamed: dict[str, Name]) -> None:
        """Prefix IDs (and the table headers that name them) and resolve clashing roles."""
        stack = [element]
        while stack:
            node = stack.pop()
            if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
                continue
            role = str(node.S)
            if role in renamed:
                node.S = renamed[role]
            if "/ID" in node:
                new_id = prefix + _text(node.ID)
                node.ID = String(new_id)
                self._ids[new_id] = node
            attributes = node.get("/A")
            for attribute in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
                if isinstance(attribute, pikepdf.Dictionary) and isinstance(attribute.get("/Headers"), pikepdf.Array):
                    attribute.Headers = Array([String(prefix + _text(h)) for h in attribute.Headers])
            kids = node.get("/K")
            if isinstance(kids, pikepdf.Array):
                stack.extend(kids)
            elif isinstance(kids, pikepdf.Dictionary):
                stack.append(kids)

    def finish(self) -> pikepdf.Pdf:
        """Write the merged tree's parent tree, maps and ID tree; mark the document tagged.
        A document made only of untagged parts gets no tree: it must not claim to be tagged."""
        pdf, root = self.pdf, self.root
        if self.lang:
            pdf.Root.Lang = String(self.lang)
        if not any(part.tagged for part in self.parts):
            return pdf
        nums = Array()
        for key, value in sorted(self._nums, key=lambda pair: pair[0]):
            nums.append(key)
            nums.append(value)
        root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
        root.ParentTreeNextKey = self._next_key
        if self._role_map:
            root.RoleMap = Dictionary(self._role_map)
        if self._class_map:
            root.ClassMap = Dictionary(self._class_map)
        if self._ids:
            names = Array()
            for key in sorted(self._ids):
                names.append(String(key))
                names.append(self._ids[key])
            root.IDTree = Dictionary(Names=names)
        pdf.Root.StructTreeRoot = root
        pdf.Root.MarkInfo = Dictionary(Marked=True)
        return pdf


def _text(value) -> str:
    return bytes(value).decode("latin-1") if isinstance(value, pikepdf.String) else str(value)


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def _is_element(obj) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and "/S" in obj and obj.get("/Type", Name.StructElem) == Name.StructElem


def _top_elements(tree: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    """The part's top elements: the children of its Document (a Document that holds content of
    its own directly, rather than only elements, is kept whole as a Part of the pack)."""
    found = []
    role_map = tree.get("/RoleMap")
    for kid in _as_list(tree.get("/K")):
        if not _is_element(kid):
            continue
        if str(_standard(kid.S, role_map)) == "/Document":
            children = _as_list(kid.get("/K"))
            if children and all(_is_element(child) for child in children):
                found.extend(children)
                continue
            kid.S = Name.Part
        found.append(kid)
    return found


def _standard(role, role_map) -> Name:
    """The standard type a role maps to, following the role map (at most a few steps)."""
    name = Name(str(role))
    for _ in range(8):
        if str(name)[1:] in STANDARD_TYPES or not isinstance(role_map, pikepdf.Dictionary):
            return name
        target = role_map.get(str(name))
        if target is None:
            return name
        name = Name(str(target))
    return name


def _drop_struct_keys(page: pikepdf.Page) -> None:
    if "/StructParents" in page.obj:
        del page.obj["/StructParents"]
    for annot in _as_list(page.obj.get("/Annots")):
        if isinstance(annot, pikepdf.Dictionary) and "/StructParent" in annot:
            del annot["/StructParent"]


def _shift_keys(page: pikepdf.Page, offset: int, seen: set) -> None:
    """Shift the parent-tree keys of a page, its annotations and the form XObjects it draws."""
    if not offset:
        return
    _shift(page.obj, "/StructParents", offset)
    for annot in _as_list(page.obj.get("/Annots")):
        if isinstance(annot, pikepdf.Dictionary) and _first_visit(annot, seen):
            _shift(annot, "/StructParent", offset)
    resources = page.obj.get("/Resources")
    stack = [resources] if isinstance(resources, pikepdf.Dictionary) else []
    while stack:
        xobjects = stack.pop().get("/XObject")
        if not isinstance(xobjects, pikepdf.Dictionary):
            continue
        for key in xobjects.keys():
            xobject = xobjects[key]
            if not isinstance(xobject, pikepdf.Stream) or not _first_visit(xobject, seen):
                continue
            if xobject.get("/Subtype") == Name.Form:
                _shift(xobject, "/StructParents", offset)
                inner = xobject.get("/Resources")
                if isinstance(inner, pikepdf.Dictionary):
                    stack.append(inner)


def _first_visit(obj, seen: set) -> bool:
    if not obj.is_indirect:
        return True
    key = obj.objgen
    if key in seen:
        return False
    seen.add(key)
    return True


def _shift(obj, key: str, offset: int) -> None:
    value = obj.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        obj[key] = value + offset
