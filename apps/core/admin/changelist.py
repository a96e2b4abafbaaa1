"""The admin's changelist on DynamoDB: one page per request, from a cursor.

``CursorChangeList`` is Django's ChangeList with its ORM parts replaced: the
page comes from the ModelAdmin's ``listing()`` (a Scan or a Query, see
apps/core/admin/pages.py), one DynamoDB call per page; counts are of the page
only, so ``show_full_result_count`` costs nothing; "Next" and "Previous" carry a
signed cursor. ``Rows`` is the list-like stand-in for the QuerySet that the
changelist, its templates and the actions use.
"""

from __future__ import annotations

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import (
    ERROR_FLAG,
    IS_POPUP_VAR,
    ORDER_VAR,
    SEARCH_VAR,
    TO_FIELD_VAR,
    ChangeList,
)

from apps.core.admin.pages import Position, position_dump, position_load
from apps.core.dynamodb.cursors import BadCursor
from apps.core.http.paging import first_page_note

CURSOR_VAR = "cursor"
KNOWN_PARAMS = {CURSOR_VAR, ERROR_FLAG, ORDER_VAR, SEARCH_VAR, IS_POPUP_VAR, TO_FIELD_VAR}
SEARCHED_NOTE = "Searched {read} items of the table so far"


class Rows(list):
    """The rows of one changelist page, with the QuerySet methods the admin calls."""

    def __init__(self, items, model_admin) -> None:
        super().__init__(items)
        self.model_admin = model_admin
        self.model = model_admin.model
        # utils.model_format_dict reads these from anything that is not a QuerySet.
        self.verbose_name = self.model._meta.verbose_name
        self.verbose_name_plural = self.model._meta.verbose_name_plural

    def filter(self, pk__in=(), **lookups) -> Rows:
        """The selected objects of an action, each read by its key (at most a page's worth)."""
        if lookups:
            raise NotImplementedError(f"Rows can only be filtered by pk__in, not {lookups}.")
        keys = list(dict.fromkeys(str(key) for key in pk__in))[: self.model_admin.list_per_page]
        found = (self.model_admin.object_get(key) for key in keys)
        return Rows([obj for obj in found if obj is not None], self.model_admin)

    def count(self) -> int:
        return len(self)

    def exists(self) -> bool:
        return bool(self)

    def all(self) -> Rows:
        return self

    def _clone(self) -> Rows:
        return Rows(self, self.model_admin)

    def distinct(self, *fields) -> Rows:
        return self

    def order_by(self, *fields) -> Rows:
        return self

    def none(self) -> Rows:
        return Rows([], self.model_admin)


class CursorChangeList(ChangeList):
    """Django's ChangeList reading one page of a DynamoDB listing instead of a QuerySet."""

    def get_queryset(self, request, exclude_parameters=None) -> Rows:
        unknown = set(self.params) - KNOWN_PARAMS
        if unknown:  # an ORM lookup in the URL: Django's "?e=1" redirect
            raise IncorrectLookupParameters(unknown)
        self.filter_specs, self.has_filters, self.has_active_filters = [], False, False
        self.clear_all_filters_qs = self.get_query_string(remove=[CURSOR_VAR])
        self.descending = self._descending()
        listing = self.model_admin.listing(self.query, descending=self.descending)
        position = self._position(request)
        page = listing.read(position.start, self.list_per_page)
        self.next_url = (
            self._url(position.next(page.next_key, page.scanned)) if page.next_key else None
        )
        previous = position.previous()
        self.previous_url = None if previous is None else self._url(previous)
        read = position.read_before + page.scanned
        self.searched_note = SEARCHED_NOTE.format(read=read) if listing.searching else ""
        self.searched_all = listing.searching and page.next_key is None
        return Rows([self.model_admin.to_object(item) for item in page.items], self.model_admin)

    def get_results(self, request) -> None:
        self.result_list = self.queryset
        self.result_count = len(self.queryset)
        self.full_result_count = None  # would need a whole Scan: never counted
        self.show_full_result_count = False
        self.show_admin_actions = True
        self.can_show_all = False
        self.multi_page = bool(self.next_url or self.previous_url)
        self.paginator = None

    def get_query_string(self, new_params=None, remove=None) -> str:
        """A page of another search or order starts over: links never carry the cursor along."""
        if not (new_params and CURSOR_VAR in new_params):
            remove = [*(remove or []), CURSOR_VAR]
        return super().get_query_string(new_params, remove)

    def _descending(self) -> bool:
        """Django's sort parameter (``o=-2``), or the admin's default ``ordering``."""
        sortable = self.model_admin.sorted_by
        if not sortable:
            return False
        order = self.params.get(ORDER_VAR)
        if order is None:
            return any(field == f"-{sortable}" for field in self.model_admin.ordering or ())
        return order.partition(".")[0].startswith("-")

    def _scope(self) -> str:
        return f"admin:{self.opts.label_lower}|{self.query}|{int(self.descending)}"

    def _position(self, request) -> Position:
        cursor = request.GET.get(CURSOR_VAR)
        if not cursor:
            return Position()
        try:
            return position_load(cursor, self._scope())
        except BadCursor:
            first_page_note(request)
            return Position()

    def _url(self, position: Position) -> str:
        if position.previous() is None and position.start is None:
            return self.get_query_string(remove=[CURSOR_VAR])
        return self.get_query_string({CURSOR_VAR: position_dump(position, self._scope())})
