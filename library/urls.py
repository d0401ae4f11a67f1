from django.urls import include, path

from library import views

app_name = "library"

urlpatterns = [
    path("library/", views.document_list, name="document_list"),
    path("library/upload/", views.document_upload, name="document_upload"),
    path("library/owners/", views.owner_search, name="owner_search"),
    path("library/<int:document>/", include([
        path("", views.document_detail, name="document_detail"),
        path("file/", views.document_file, name="document_file"),
        path("preview.png", views.document_preview, name="document_preview"),
        path("supersede/", views.document_supersede, name="document_supersede"),
        path("tags/", views.document_tag, name="document_tag"),
        path("delete/", views.document_delete, name="document_delete"),
    ])),
    path("library/tags/<int:tag>/delete/", views.tag_delete, name="tag_delete"),
    path("references/service-language/", views.service_language_page, name="service_language"),
    path("references/service-language.pdf", views.service_language_pdf, name="service_language_pdf"),
]
