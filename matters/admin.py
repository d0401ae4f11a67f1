"""Admin: only the header data of the reference catalogues. Their items, the matters and every list are edited on
the app's own pages, so each change is logged with a date and a reason (动态调整)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from matters.models import CatalogueChange, ReferenceCatalogue


@admin.register(ReferenceCatalogue)
class ReferenceCatalogueAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "issued_by", "document_no", "issued_on", "region", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "document_no"]
    autocomplete_fields = ["region"]
    list_select_related = ["region"]


@admin.register(CatalogueChange)
class CatalogueChangeAdmin(ReadOnlyAdmin):
    """Read-only: the change log is written by the services and never edited."""

    list_display = ["on", "action", "list_kind", "summary", "actor", "centre", "station"]
    list_filter = ["action", "list_kind"]
    search_fields = ["summary", "reason", "matter_name"]
    list_select_related = ["actor", "centre", "station"]
