from django.urls import include, path

from matters.views import bundles, catalogues, imports, items, public, references

app_name = "matters"

urlpatterns = [
    # signed-in pages
    path("matters/", catalogues.overview, name="overview"),
    path("matters/centres/<int:centre>/", include([
        path("", catalogues.centre_catalogue, name="centre_catalogue"),
        path("entries/new/", catalogues.entry_create, name="entry_create"),
        path("matters/new/", items.matter_create, name="matter_create"),
        path("publish/", catalogues.catalogue_publish, name="catalogue_publish"),
        path("changes/", catalogues.centre_changes, name="centre_changes"),
        path("changes.xlsx", catalogues.centre_changes_export, name="centre_changes_export"),
        path("catalogue.xlsx", imports.catalogue_export, name="centre_export"),
        path("import/", imports.catalogue_import, name="centre_import"),
        path("one-things/new/", bundles.bundle_create, name="bundle_create"),
        path("life-services/new/", bundles.life_service_create, name="life_service_create"),
        path("qr-cards/", catalogues.qr_cards, name="qr_cards"),
    ])),
    path("matters/stations/<int:station>/", include([
        path("", catalogues.station_catalogue, name="station_catalogue"),
        path("entries/new/", catalogues.entry_create, name="station_entry_create"),
        path("publish/", catalogues.catalogue_publish, name="station_publish"),
        path("catalogue.xlsx", imports.catalogue_export, name="station_export"),
        path("import/", imports.catalogue_import, name="station_import"),
    ])),
    path("matters/entries/<int:entry>/edit/", catalogues.entry_edit, name="entry_edit"),
    path("matters/entries/<int:entry>/remove/", catalogues.entry_remove, name="entry_remove"),
    path("matters/items/<int:matter>/", items.matter_detail, name="matter_detail"),
    path("matters/items/<int:matter>/edit/", items.matter_edit, name="matter_edit"),
    path("matters/items/<int:matter>/changes.xlsx", items.matter_changes_export, name="matter_changes_export"),
    path("matters/materials/<int:material>/sample", items.material_attachment, {"kind": "sample"},
         name="material_sample"),
    path("matters/materials/<int:material>/blank", items.material_attachment, {"kind": "blank"},
         name="material_blank_form"),
    path("matters/one-things/<int:bundle>/edit/", bundles.bundle_edit, name="bundle_edit"),
    path("matters/one-things/<int:bundle>/remove/", bundles.bundle_remove, name="bundle_remove"),
    path("matters/life-services/<int:service>/edit/", bundles.life_service_edit, name="life_service_edit"),
    path("matters/life-services/<int:service>/remove/", bundles.life_service_remove, name="life_service_remove"),
    path("matters/template.xlsx", imports.import_template, name="import_template"),
    path("matters/reference/", references.reference_list, name="reference_list"),
    path("matters/reference/matters/new/", items.reference_matter_create, name="reference_matter_create"),
    path("matters/reference/<int:catalogue>/", include([
        path("", references.reference_detail, name="reference_detail"),
        path("items/new/", references.reference_item_create, name="reference_item_create"),
        path("catalogue.xlsx", imports.reference_export, name="reference_export"),
        path("import/", imports.reference_import, name="reference_import"),
    ])),
    path("matters/reference-items/<int:item>/", references.reference_item_edit, name="reference_item_edit"),
    # public pages (no login)
    path("p/centres/<int:centre>/matters/", public.public_centre, name="public_centre"),
    path("p/centres/<int:centre>/one-things/", public.public_bundles, name="public_bundles"),
    path("p/stations/<int:station>/matters/", public.public_station, name="public_station"),
    path("p/guides/<int:entry>/", include([
        path("", public.public_guide, name="public_guide"),
        path("guide.pdf", public.public_guide_pdf, name="public_guide_pdf"),
        path("materials/<int:material>/sample", public.public_attachment, {"kind": "sample"}, name="public_sample"),
        path("materials/<int:material>/blank", public.public_attachment, {"kind": "blank"}, name="public_blank_form"),
    ])),
    path("p/one-things/<int:bundle>/", public.public_bundle, name="public_bundle"),
    path("p/windows/<int:window>/", public.window_card, name="window_card"),
    path("p/staff/<int:staff>/photo/", public.staff_photo, name="staff_photo"),
    path("p/windows/<int:window>/matters/", public.public_window, name="public_window"),
]
