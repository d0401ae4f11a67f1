"""Matter pages: the director's catalogue pages, the reference catalogues, exports and imports, and the public
catalogue, service guides and one-thing bundles (no login, published data only). One module per part; every
object is fetched through a scoped selector (D14), the public pages through the published-only selectors."""

from matters.views.bundles import (
    bundle_create,
    bundle_edit,
    bundle_remove,
    life_service_create,
    life_service_edit,
    life_service_remove,
)
from matters.views.catalogues import (
    catalogue_publish,
    centre_catalogue,
    centre_changes,
    centre_changes_export,
    entry_create,
    entry_edit,
    entry_remove,
    overview,
    qr_cards,
    station_catalogue,
)
from matters.views.imports import (
    catalogue_export,
    catalogue_import,
    import_template,
    reference_export,
    reference_import,
)
from matters.views.items import (
    material_attachment,
    matter_changes_export,
    matter_create,
    matter_detail,
    matter_edit,
    reference_matter_create,
)
from matters.views.public import (
    public_attachment,
    public_bundle,
    public_bundles,
    public_centre,
    public_guide,
    public_guide_pdf,
    public_station,
    public_window,
    staff_photo,
    window_card,
)
from matters.views.references import (
    reference_detail,
    reference_item_create,
    reference_item_edit,
    reference_list,
)

__all__ = [
    "bundle_create", "bundle_edit", "bundle_remove", "catalogue_export", "catalogue_import", "catalogue_publish",
    "centre_catalogue", "centre_changes", "centre_changes_export", "entry_create", "entry_edit", "entry_remove",
    "import_template", "life_service_create", "life_service_edit", "life_service_remove", "material_attachment",
    "matter_changes_export", "matter_create", "matter_detail", "matter_edit", "overview", "public_attachment",
    "public_bundle", "public_bundles", "public_centre", "public_guide", "public_guide_pdf", "public_station",
    "public_window", "qr_cards", "reference_detail", "reference_export", "reference_import", "reference_item_create",
    "reference_item_edit", "reference_list", "reference_matter_create", "staff_photo", "station_catalogue",
    "window_card",
]
