"""Shared pieces of the open data API: modified_since, filters, type and web links.

The OParl-style pagination is in scrutiny/api_pagination.py (DRF imports it while loading).
"""

import datetime
import re

from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError

from meetings.reversing import absolute, pk_url

OPARL = "https://schema.oparl.org/1.1/"
SCRUTINY = "https://schema.scrutiny.example/1.0/"  # types OParl has no object for


def parse_modified_since(value: str) -> datetime.datetime:
    """An ISO 8601 date or date-time; a naive one is read in the council's time zone."""
    parsed = None
    try:
        parsed = parse_datetime(value)
        if parsed is None:
            day = parse_date(value)
            if day is not None:
                parsed = datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValidationError(
            {
                "modified_since": [
                    f"‘{value}’ is not an ISO 8601 date or date-time, e.g. 2018-10-02 or 2018-10-02T10:00:00Z."
                ]
            }
        )
    # The far ends of the calendar overflow when moved to UTC: nothing changed before 1000 or after 9000.
    parsed = min(max(parsed.replace(tzinfo=None), EARLIEST), LATEST).replace(tzinfo=parsed.tzinfo)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    # In UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 (and Python) allow.
    return parsed.astimezone(datetime.timezone.utc)


EARLIEST, LATEST = datetime.datetime(1000, 1, 1), datetime.datetime(9000, 1, 1)
MAX_ID = 2**63 - 1  # the largest id the database holds (a signed 64-bit integer)


def parse_id(param: str, raw: str) -> int:
    """An object id given in a query parameter: ASCII digits only (``str.isdigit()`` also accepts
    '²', which ``int()`` refuses) and no larger than the database's integers."""
    if not re.fullmatch(r"[0-9]{1,19}", raw) or int(raw) > MAX_ID:
        raise ValidationError({param: [f"‘{raw}’ is not an id: give the number from the object's id URL."]})
    return int(raw)


MODIFIED_SINCE = OpenApiParameter(
    "modified_since",
    OpenApiTypes.STR,
    description="Only objects changed at or after this ISO 8601 date or date-time (OParl `modified_since`).",
)


class OParlViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only, paginated; `modified_since` filters on `modified_field`; `filters` maps
    query parameters to lookups (e.g. {"organization": "committee_id"})."""

    modified_field = "updated_at"
    filters: dict[str, str] = {}
    lookup_value_regex = "[^/]+"  # anything reaches get_object, which answers a JSON 404

    def get_object(self):
        raw = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
        if not re.fullmatch(r"[0-9]{1,19}", raw) or int(raw) > MAX_ID:
            raise NotFound("No such object: an id is a whole number.")
        return super().get_object()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"  # open data: any web page may read it
        return response

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        value = self.request.query_params.get("modified_since")
        if value is not None:
            queryset = queryset.filter(**{f"{self.modified_field}__gte": parse_modified_since(value)})
        for param, lookup in self.filters.items():
            raw = self.request.query_params.get(param)
            if raw is not None:
                queryset = queryset.filter(**{lookup: parse_id(param, raw)})
        return queryset


def oparl_schema(*, tag: str, description: str, filters: dict[str, str] | None = None):
    """Schema docs for an OParlViewSet: the OParl mapping and its query parameters."""
    params = [MODIFIED_SINCE] + [
        OpenApiParameter(name, OpenApiTypes.INT, description=f"Only those of this {name} (its numeric id).")
        for name in (filters or {})
    ]
    return extend_schema_view(
        list=extend_schema(tags=[tag], description=description, parameters=params),
        retrieve=extend_schema(tags=[tag], description=description),
    )


@extend_schema_field(OpenApiTypes.URI)
class TypeField(serializers.Field):
    """The constant OParl (or Scrutiny) type URI of the object."""

    def __init__(self, type_uri: str, **kwargs):
        self.type_uri = type_uri
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return self.type_uri


@extend_schema_field(OpenApiTypes.URI)
class WebField(serializers.Field):
    """Absolute URL of the object's public page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return absolute(self.context.get("request"), obj.get_absolute_url())


# A list page links every object it shows several times (its id, its meeting, its item …): the
# links come from meetings/reversing.py (one reverse() per URL name, the host checked once per
# request), not from DRF's reverse() per link. The API has no versioning, so they are the same.


def detail_url(request, view_name: str, pk) -> str | None:
    """The absolute URL of an object's detail view, as DRF's reverse() would give it."""
    if pk is None or pk == "":
        return None
    return absolute(request, pk_url(view_name, pk))


def list_url(request, view_name: str) -> str:
    """The absolute URL of a list (or the body)."""
    return absolute(request, reverse(view_name))


class DetailLink(serializers.HyperlinkedRelatedField):
    """A HyperlinkedRelatedField whose URLs come from detail_url()."""

    def get_url(self, obj, view_name, request, format):
        if format:
            return super().get_url(obj, view_name, request, format)
        return detail_url(request, view_name, getattr(obj, self.lookup_field))


class DetailIdentity(serializers.HyperlinkedIdentityField):
    """A HyperlinkedIdentityField whose URLs come from detail_url()."""

    def get_url(self, obj, view_name, request, format):
        if format:
            return super().get_url(obj, view_name, request, format)
        return detail_url(request, view_name, getattr(obj, self.lookup_field))
