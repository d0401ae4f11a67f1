"""Admin: read-only lists of documents and tags; every change goes through ``library.services`` (audited)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from library.models import Document, DocumentTag


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "centre", "station", "issued_on", "year_from", "year_to", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["title", "issuer"]


@admin.register(DocumentTag)
class DocumentTagAdmin(ReadOnlyAdmin):
    list_display = ["document", "item_key", "centre", "station", "tagged_at"]
    search_fields = ["item_key", "document__title"]
