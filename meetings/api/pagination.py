"""OParl 1.1 list pages. A module of its own: DRF imports it while loading its generics."""

import re

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param


class BoundedPaginator(Paginator):
    """Counts at most ``COUNT_LIMIT`` rows, so a list costs the same however large the table.

    Up to the limit, pages are numbered against the exact count. Beyond it the total is not known:
    a page is found by its offset and fetched one row long, and that extra row says whether there
    is a next page."""

    COUNT_LIMIT = 1000

    @cached_property
    def count(self) -> int:
        """The number of rows, or ``COUNT_LIMIT + 1`` for any more than the limit (a bounded
        ``SELECT COUNT(*) FROM (... LIMIT n)``)."""
        return self.object_list[: self.COUNT_LIMIT + 1].count()

    @property
    def exact(self) -> bool:
        return self.count <= self.COUNT_LIMIT

    def validate_number(self, number):
        if self.exact:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number

    def page(self, number):
        if self.exact:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows:
            raise EmptyPage("That page contains no results")
        return OpenEndedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


class OpenEndedPage(Page):
    """A page of a list longer than the paginator counts: whether another follows is known from
    the row looked ahead, not from a total."""

    def __init__(self, object_list, number, paginator, *, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def next_page_number(self) -> int:
        return self.number + 1


class OParlPagination(PageNumberPagination):
    """OParl 1.1 list shape: {"data": [...], "pagination": {...}, "links": {...}}.

    Lists longer than ``BoundedPaginator.COUNT_LIMIT`` give no total and no last page (OParl makes
    both optional): counting every row of a large table would cost more than the page itself."""

    django_paginator_class = BoundedPaginator
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
        links = {"first": self._page_link(1)}
        pagination = {"elementsPerPage": paginator.per_page, "currentPage": page.number}
        if paginator.exact:
            links["last"] = self._page_link(paginator.num_pages)
            pagination = {"totalElements": paginator.count, **pagination, "totalPages": paginator.num_pages}
        if page.has_previous():
            links["prev"] = self.get_previous_link()
        if page.has_next():
            links["next"] = self.get_next_link()
        return Response({"data": data, "pagination": pagination, "links": links})

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
