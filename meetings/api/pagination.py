"""OParl 1.1 list pages. A module of its own: DRF imports it while loading its generics."""

import re

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param


class OParlPagination(PageNumberPagination):
    """OParl 1.1 list shape: {"data": [...], "pagination": {...}, "links": {...}}."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request):
        """``page_size`` from 1 up (larger than max_page_size gives max_page_size); anything else is refused."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not re.fullmatch(r"[0-9]{1,10}", raw) or int(raw) < 1:
            message = f"‘{raw}’ is not a page size: give a whole number from 1."
            raise ValidationError({self.page_size_query_param: [message]})
        return min(int(raw), self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and not re.fullmatch(r"[0-9]{1,10}", raw):
            raise ValidationError({self.page_query_param: [f"‘{raw}’ is not a page number (1, 2, …)."]})
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        page = self.page
        paginator = page.paginator
        links = {"first": self._page_link(1), "last": self._page_link(paginator.num_pages)}
        if page.has_previous():
            links["prev"] = self.get_previous_link()
        if page.has_next():
            links["next"] = self.get_next_link()
        return Response(
            {
                "data": data,
                "pagination": {
                    "totalElements": paginator.count,
                    "elementsPerPage": paginator.per_page,
                    "currentPage": page.number,
                    "totalPages": paginator.num_pages,
                },
                "links": links,
            }
        )

    def _page_link(self, number):
        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, number)

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri"}
        return {
            "type": "object",
            "required": ["data", "pagination", "links"],
            "properties": {
                "data": schema,
                "pagination": {
                    "type": "object",
                    "properties": {
                        "totalElements": {"type": "integer"},
                        "elementsPerPage": {"type": "integer"},
                        "currentPage": {"type": "integer"},
                        "totalPages": {"type": "integer"},
                    },
                },
                "links": {
                    "type": "object",
                    "properties": {"first": link, "prev": link, "next": link, "last": link},
                },
            },
        }
