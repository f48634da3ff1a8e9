"""The OParl 1.1 endpoints and the protocol rules of §2.

- Every answer is JSON with ``Access-Control-Allow-Origin: *`` (§2.6); errors too, as error
  objects ``{"type": ".../Error", "status", "message"}`` with the matching HTTP status (§2.11).
- Every list pages in a stable order (by id), keeps its query in ``links`` and accepts
  ``created_since``, ``created_until``, ``modified_since``, ``modified_until`` (date-times; a bare
  date is read as midnight) and ``omit_internal=true`` (embedded objects left out) (§2.5).
- With ``modified_since``, a list also carries tombstones ``{"id", "type", "created", "deleted":
  true, "modified"}`` of objects deleted or withdrawn from the caller since then; an object's URL
  keeps answering with its tombstone (§2.8).
- ``downloadUrl`` sends ``Content-Disposition: attachment``; ``accessUrl`` (the site's own file
  URL) serves inline (§2.7).
"""

from __future__ import annotations

import datetime
import functools
import re
from collections import defaultdict

from django.db.models import Max, Min
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from meetings.agendas.models import Meeting, Paper
from meetings.api.models import OParlTombstone
from meetings.api.oparl import objects
from meetings.api.oparl.kinds import KINDS, Kind, minutes_meetings, pack_meetings
from meetings.committees.models import Committee
from meetings.years import municipal_year_start

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
MAX_ID = 2**63 - 1
DATE_FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
ERROR = objects.OPARL + "Error"
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type",
}


class OParlError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def with_cors(response):
    for name, value in CORS.items():
        response[name] = value
    return response


def json_response(data, status: int = 200) -> JsonResponse:
    return with_cors(JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False}))


def error_response(status: int, message: str) -> JsonResponse:
    return json_response({"type": ERROR, "status": status, "message": message}, status=status)


def endpoint(view):
    """GET and HEAD only; OPTIONS answers the CORS preflight; errors become error objects."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = with_cors(HttpResponse(status=204))
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        if request.method not in ("GET", "HEAD"):
            response = error_response(405, f"{request.method} is not allowed: the OParl interface is read-only.")
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        try:
            response = view(request, *args, **kwargs)
        except OParlError as exc:
            return error_response(exc.status, exc.message)
        except Http404 as exc:
            return error_response(404, str(exc) or "There is no such object.")
        return with_cors(response)

    return wrapper


# --- Query parameters --------------------------------------------------------------------------


def parse_when(name: str, value: str) -> datetime.datetime:
    parsed = None
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            on = parse_date(value)
            if on is not None:
                parsed = datetime.datetime.combine(on, datetime.time.min)
    except ValueError:
        parsed = None
    if parsed is None or not 1000 <= parsed.year <= 9000:
        raise OParlError(400, f"{name}: ‘{value}’ is not an ISO 8601 date-time, e.g. 2018-10-02T10:00:00+01:00.")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed.astimezone(datetime.timezone.utc)  # PostgreSQL refuses offsets beyond ±15:59


def parse_id(name: str, value: str) -> int:
    if not re.fullmatch(r"[0-9]{1,19}", value) or int(value) > MAX_ID:
        raise OParlError(400, f"{name}: ‘{value}’ is not an id (a whole number from the object's URL).")
    return int(value)


class ListQuery:
    """The list parameters of one request, validated."""

    def __init__(self, request):
        params = request.GET
        self.dates = {name: parse_when(name, params[name]) for name in DATE_FILTERS if params.get(name)}
        omit = params.get("omit_internal", "false").lower()
        if omit not in ("true", "false", "1", "0", ""):
            raise OParlError(400, f"omit_internal: ‘{params['omit_internal']}’ is neither true nor false.")
        self.omit_internal = omit in ("true", "1")
        page = params.get("page", "1")
        if not re.fullmatch(r"[0-9]{1,9}", page) or int(page) < 1:
            raise OParlError(400, f"page: ‘{page}’ is not a page number (1, 2, …).")
        self.page = int(page)
        size = params.get("elementsPerPage", "")
        self.size = min(int(size), MAX_PAGE_SIZE) if re.fullmatch(r"[0-9]{1,9}", size) and int(size) > 0 else PAGE_SIZE

    def filter(self, queryset, created: str, modified: str):
        lookups = {
            "created_since": f"{created}__gte",
            "created_until": f"{created}__lte",
            "modified_since": f"{modified}__gte",
            "modified_until": f"{modified}__lte",
        }
        return queryset.filter(**{lookups[name]: value for name, value in self.dates.items()})

    def keeps(self, created, modified) -> bool:
        """The same filters on values in Python (lists not backed by one table)."""
        d = self.dates
        return (
            ("created_since" not in d or created >= d["created_since"])
            and ("created_until" not in d or created <= d["created_until"])
            and ("modified_since" not in d or modified >= d["modified_since"])
            and ("modified_until" not in d or modified <= d["modified_until"])
        )


def list_page(request, query: ListQuery, total: int | None, fetch) -> JsonResponse:
    """One list page; ``fetch(start, stop)`` gives the objects at those positions. A list whose
    length is not known (``total`` None: longer than the count limit) has no totalElements,
    totalPages nor last link (OParl makes them optional): whether a next page follows is known
    from one object looked ahead."""
    start = (query.page - 1) * query.size
    if total is None:
        data = fetch(start, start + query.size + 1)
        more = len(data) > query.size
        data = data[: query.size]
        if not data and query.page > 1:
            raise OParlError(404, "page: this list has fewer pages.")
    else:
        pages = max(1, -(-total // query.size))
        if query.page > pages:
            raise OParlError(404, f"page: this list has {pages} page(s).")
        data = fetch(start, min(start + query.size, total))
        more = query.page < pages
    if query.omit_internal:
        data = [omit_internal(obj) for obj in data]

    def link(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    links = {"first": link(1), "self": link(query.page)}
    pagination = {"elementsPerPage": query.size, "currentPage": query.page}
    if total is not None:
        links["last"] = link(pages)
        pagination = {"totalElements": total, **pagination, "totalPages": pages}
    if query.page > 1:
        links["prev"] = link(query.page - 1)
    if more:
        links["next"] = link(query.page + 1)
    return json_response({"data": data, "pagination": pagination, "links": links})


class Segment:
    """A part of a list (its objects, then tombstones; a File list's papers, packs, minutes): its
    rows, and ``fetch(a, b)`` giving the objects at positions a..b of it. Counted at most
    ``BoundedPaginator.COUNT_LIMIT`` + 1 rows (a bounded count), exactly only when a page lies
    beyond that."""

    def __init__(self, rows, fetch, *, per_row: int = 1):
        from meetings.api.pagination import BoundedPaginator

        self.rows, self.fetch, self.per_row = rows, fetch, per_row
        self.limit = BoundedPaginator.COUNT_LIMIT
        counted = rows[: self.limit + 1].count()
        self.overflows = counted > self.limit
        self.counted = counted * per_row  # exact unless it overflows
        self._exact = None if self.overflows else self.counted

    @property
    def exact(self) -> int:
        if self._exact is None:
            self._exact = self.rows.count() * self.per_row
        return self._exact


def segments_page(request, query: ListQuery, segments: list[Segment]) -> JsonResponse:
    """A list page made of segments one after the other (each in a stable order)."""

    def fetch(start: int, stop: int) -> list[dict]:
        data, offset = [], 0
        for segment in segments:
            if offset >= stop:
                break
            a = max(start - offset, 0)
            if segment.overflows and stop - offset <= segment.counted:  # ends within its counted rows
                return data + segment.fetch(a, stop - offset)
            b = min(stop - offset, segment.exact)
            if a < b:
                data += segment.fetch(a, b)
            offset += segment.exact
        return data

    known = not any(segment.overflows for segment in segments)
    return list_page(request, query, sum(s.counted for s in segments) if known else None, fetch)


def omit_internal(obj: dict) -> dict:
    """The object without its embedded objects (OParl's omit_internal)."""
    return {
        key: value
        for key, value in obj.items()
        if not isinstance(value, dict) and not (isinstance(value, list) and value and isinstance(value[0], dict))
    }


# --- Tombstones --------------------------------------------------------------------------------


def tombstone_of(ctx, kind: Kind, row: OParlTombstone, object_id: int | None = None) -> dict:
    url = ctx.url(kind.name, object_id if object_id is not None else row.object_id)
    return objects.tombstone(ctx, url, kind.oparl_type, row.created, row.modified)


def tombstones_for(kind: Kind, user, query: ListQuery):
    """Tombstones a list carries: only under modified_since, only of objects the caller cannot see now."""
    if "modified_since" not in query.dates:
        return OParlTombstone.objects.none()
    rows = OParlTombstone.objects.filter(kind__in=kind.tombstones)
    rows = query.filter(rows, "created", "modified")
    return rows.exclude(object_id__in=kind.queryset(user).values("pk")).order_by("modified", "id")


# --- System, Body, legislative terms -----------------------------------------------------------


def body_times() -> tuple[datetime.datetime, datetime.datetime]:
    """The Body is the council: created with its first committee, changed with any committee."""
    times = Committee.objects.aggregate(created=Min("created_at"), modified=Max("updated_at"))
    now = timezone.now()
    return times["created"] or now, times["modified"] or times["created"] or now


def legislative_terms(user) -> dict[int, tuple]:
    """Municipal years in which the caller can see meetings: {year: (created, modified)}."""
    years: dict[int, list] = defaultdict(list)
    for start, created, modified in Meeting.objects.visible_to(user).values_list("start", "created_at", "updated_at"):
        years[municipal_year_start(timezone.localtime(start).date())].append((created, modified))
    return {year: (min(c for c, _ in rows), max(m for _, m in rows)) for year, rows in sorted(years.items())}


@endpoint
def system(request):
    return json_response(objects.system(objects.Ctx(request), body_times()))


@endpoint
def body_list(request):
    query = ListQuery(request)
    ctx = objects.Ctx(request)
    times = body_times()
    terms = [objects.legislative_term(ctx, y, *t) for y, t in legislative_terms(request.user).items()]
    bodies = [objects.body(ctx, times, terms)] if query.keeps(*times) else []
    return list_page(request, query, len(bodies), lambda a, b: bodies[a:b])


@endpoint
def body(request):
    ctx = objects.Ctx(request)
    terms = [objects.legislative_term(ctx, y, *t) for y, t in legislative_terms(request.user).items()]
    return json_response(objects.body(ctx, body_times(), terms))


@endpoint
def legislative_term_list(request):
    query = ListQuery(request)
    ctx = objects.Ctx(request)
    terms = [
        objects.legislative_term(ctx, y, *t) for y, t in legislative_terms(request.user).items() if query.keeps(*t)
    ]
    return list_page(request, query, len(terms), lambda a, b: terms[a:b])


@endpoint
def legislative_term(request, year: int):
    terms = legislative_terms(request.user)
    if year not in terms:
        raise OParlError(404, "There is no such legislative term.")
    return json_response(objects.legislative_term(objects.Ctx(request), year, *terms[year]))


# --- The lists of the Body and their objects ---------------------------------------------------


@endpoint
def object_list(request, kind: str):
    kind = KINDS[kind]
    query = ListQuery(request)
    ctx = objects.Ctx(request)
    rows = kind.rows(request.user)
    custom = {name: parse_id(name, request.GET[name]) for name in kind.filters if request.GET.get(name)}
    rows = rows.filter(**{kind.filters[name]: value for name, value in custom.items()})
    rows = query.filter(rows, kind.created_field, "oparl_modified")
    # Tombstones carry no committee or meeting: lists narrowed by one leave them out.
    gone = tombstones_for(kind, request.user, query) if not custom else OParlTombstone.objects.none()
    segments = [Segment(rows, lambda a, b: [kind.serialize(ctx, obj) for obj in rows[a:b]])]
    if kind.name == "file":
        segments += pack_file_segments(ctx, request.user, query, custom)
    segments.append(Segment(gone, lambda a, b: [tombstone_of(ctx, kind, row) for row in gone[a:b]]))
    return segments_page(request, query, segments)


def pack_file_segments(ctx, user, query: ListQuery, custom: dict) -> list[Segment]:
    """After the papers' files, the File list holds each meeting's agenda pack and front sheet,
    then its printed minutes, as far as the caller may see them."""
    packs = query.filter(pack_meetings(user), "created_at", "oparl_modified")
    minutes = query.filter(minutes_meetings(user), "created_at", "oparl_modified")
    if "meeting" in custom:
        packs, minutes = packs.filter(pk=custom["meeting"]), minutes.filter(pk=custom["meeting"])

    def two_per_meeting(a: int, b: int) -> list[dict]:
        meetings = list(packs[a // 2 : (b + 1) // 2])
        return [
            objects.pack_file(ctx, meetings[i // 2 - a // 2], ("agenda-pack", "front-sheet")[i % 2])
            for i in range(a, b)
        ]

    return [
        Segment(packs, two_per_meeting, per_row=2),
        Segment(minutes, lambda a, b: [objects.pack_file(ctx, m, "printed-minutes") for m in minutes[a:b]]),
    ]


@endpoint
def object_detail(request, kind: str, pk: int):
    kind = KINDS[kind]
    ctx = objects.Ctx(request)
    obj = kind.rows(request.user).filter(pk=pk).first()
    if obj is not None:
        return json_response(kind.serialize(ctx, obj))
    row = OParlTombstone.objects.filter(kind__in=kind.tombstones, object_id=pk).first()
    if row is not None:
        return json_response(tombstone_of(ctx, kind, row, pk))
    raise OParlError(404, f"There is no {kind.oparl_type} {pk}, or it is not public.")


@endpoint
def pack_file(request, what: str, pk: int):
    ctx = objects.Ctx(request)
    meeting = KINDS["meeting"].rows(request.user).filter(pk=pk).first()
    if meeting is None:
        row = OParlTombstone.objects.filter(kind="meeting", object_id=pk).first()
        if row is None:
            raise OParlError(404, "There is no such file, or it is not public.")
        return json_response(objects.tombstone(ctx, ctx.url("pack-file", what, pk), "File", row.created, row.modified))
    available = ctx.minutes_visible(meeting) if what == "printed-minutes" else bool(meeting.items.all())
    if not available:
        raise OParlError(404, "This meeting has no such file (yet).")
    return json_response(objects.pack_file(ctx, meeting, what))


# --- Downloads: the same files as accessUrl, as attachments ------------------------------------


def attachment(response, filename: str):
    if getattr(response, "status_code", 200) == 200:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _site_view(url: str):
    """The site's own view of a file URL (the pack and paper views apply the visibility rule).
    Resolved by URL, not imported: the api area does not depend on the packs area."""
    match = resolve(url)
    return match.func, match.kwargs


@endpoint
def file_download(request, pk: int):
    paper = Paper.objects.visible_to(request.user).select_related("item__meeting").filter(pk=pk).first()
    if paper is None:
        raise OParlError(404, "There is no such file, or it is not public.")
    view, kwargs = _site_view(paper.get_absolute_url())
    return attachment(view(request, **kwargs), paper.download_name)


@endpoint
def pack_file_download(request, what: str, pk: int):
    meeting = Meeting.objects.agenda_visible_to(request.user).select_related("committee").filter(pk=pk).first()
    if meeting is None:
        raise OParlError(404, "There is no such file, or it is not public.")
    view, kwargs = _site_view(reverse(objects.PACK_FILES[what][2], kwargs={"pk": meeting.pk}))
    return attachment(view(request, **kwargs), objects.pack_file_name(meeting, what))


@endpoint
def not_found(request, rest: str = ""):
    raise OParlError(404, "There is nothing at this URL. Start at the System object.")
