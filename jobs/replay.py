"""The request a producer replays in the worker: the starter and the query string of the page the export was
started from, so the app's own filter (a django-filter FilterSet over the scoped selector) reads the same rows."""

from __future__ import annotations

from django.http import QueryDict


class ReplayedRequest:
    method = "GET"

    def __init__(self, user, query: str = ""):
        self.user = user
        self.GET = QueryDict(query or "")
        self.POST = QueryDict()
        self.META: dict = {}
        self.COOKIES: dict = {}

    def get_full_path(self) -> str:
        return "?" + self.GET.urlencode() if self.GET else ""
