"""Shared pieces of the open data API: modified_since, filters, type and web links.

The OParl-style pagination is in scrutiny/api_pagination.py (DRF imports it while loading).
"""

import datetime

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
from rest_framework.exceptions import ValidationError

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
            {"modified_since": [f"‘{value}’ is not an ISO 8601 date or date-time, e.g. 2018-10-02 or 2018-10-02T10:00:00Z."]}
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


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

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        value = self.request.query_params.get("modified_since")
        if value:
            queryset = queryset.filter(**{f"{self.modified_field}__gte": parse_modified_since(value)})
        for param, lookup in self.filters.items():
            raw = self.request.query_params.get(param)
            if raw:
                if not raw.isdigit():
                    raise ValidationError({param: [f"‘{raw}’ is not an id: give the number from the object's id URL."]})
                queryset = queryset.filter(**{lookup: int(raw)})
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
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url
