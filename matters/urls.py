from django.urls import include, path

from matters import views

app_name = "matters"

urlpatterns = [
    # signed-in pages
    path("matters/", views.overview, name="overview"),
    path("matters/centres/<int:centre>/", include([
        path("", views.centre_catalogue, name="centre_catalogue"),
        path("entries/new/", views.entry_create, name="entry_create"),
        path("matters/new/", views.matter_create, name="matter_create"),
        path("publish/", views.catalogue_publish, name="catalogue_publish"),
        path("changes/", views.centre_changes, name="centre_changes"),
        path("changes.xlsx", views.centre_changes_export, name="centre_changes_export"),
        path("catalogue.xlsx", views.catalogue_export, name="centre_export"),
        path("import/", views.catalogue_import, name="centre_import"),
        path("one-things/new/", views.bundle_create, name="bundle_create"),
        path("life-services/new/", views.life_service_create, name="life_service_create"),
        path("qr-cards/", views.qr_cards, name="qr_cards"),
    ])),
    path("matters/stations/<int:station>/", include([
        path("", views.station_catalogue, name="station_catalogue"),
        path("entries/new/", views.entry_create, name="station_entry_create"),
        path("publish/", views.catalogue_publish, name="station_publish"),
        path("catalogue.xlsx", views.catalogue_export, name="station_export"),
        path("import/", views.catalogue_import, name="station_import"),
    ])),
    path("matters/entries/<int:entry>/edit/", views.entry_edit, name="entry_edit"),
    path("matters/entries/<int:entry>/remove/", views.entry_remove, name="entry_remove"),
    path("matters/items/<int:matter>/", views.matter_detail, name="matter_detail"),
    path("matters/items/<int:matter>/edit/", views.matter_edit, name="matter_edit"),
    path("matters/items/<int:matter>/changes.xlsx", views.matter_changes_export, name="matter_changes_export"),
    path("matters/materials/<int:material>/sample", views.material_attachment, {"kind": "sample"},
         name="material_sample"),
    path("matters/materials/<int:material>/blank", views.material_attachment, {"kind": "blank"},
         name="material_blank_form"),
    path("matters/one-things/<int:bundle>/edit/", views.bundle_edit, name="bundle_edit"),
    path("matters/one-things/<int:bundle>/remove/", views.bundle_remove, name="bundle_remove"),
    path("matters/life-services/<int:service>/edit/", views.life_service_edit, name="life_service_edit"),
    path("matters/life-services/<int:service>/remove/", views.life_service_remove, name="life_service_remove"),
    path("matters/template.xlsx", views.import_template, name="import_template"),
    path("matters/reference/", views.reference_list, name="reference_list"),
    path("matters/reference/matters/new/", views.reference_matter_create, name="reference_matter_create"),
    path("matters/reference/<int:catalogue>/", include([
        path("", views.reference_detail, name="reference_detail"),
        path("items/new/", views.reference_item_create, name="reference_item_create"),
        path("catalogue.xlsx", views.reference_export, name="reference_export"),
        path("import/", views.reference_import, name="reference_import"),
    ])),
    path("matters/reference-items/<int:item>/", views.reference_item_edit, name="reference_item_edit"),
    # public pages (no login)
    path("p/centres/<int:centre>/matters/", views.public_centre, name="public_centre"),
    path("p/centres/<int:centre>/one-things/", views.public_bundles, name="public_bundles"),
    path("p/stations/<int:station>/matters/", views.public_station, name="public_station"),
    path("p/guides/<int:entry>/", include([
        path("", views.public_guide, name="public_guide"),
        path("guide.pdf", views.public_guide_pdf, name="public_guide_pdf"),
        path("materials/<int:material>/sample", views.public_attachment, {"kind": "sample"}, name="public_sample"),
        path("materials/<int:material>/blank", views.public_attachment, {"kind": "blank"}, name="public_blank_form"),
    ])),
    path("p/one-things/<int:bundle>/", views.public_bundle, name="public_bundle"),
    path("p/windows/<int:window>/", views.window_card, name="window_card"),
    path("p/staff/<int:staff>/photo/", views.staff_photo, name="staff_photo"),
    path("p/windows/<int:window>/matters/", views.public_window, name="public_window"),
]
