from django.urls import path

from library import views

app_name = "library"

urlpatterns = [
    path("library/", views.document_list, name="document_list"),
    path("library/upload/", views.document_upload, name="document_upload"),
    path("library/owners/", views.owner_search, name="owner_search"),
    path("library/<int:document>/", views.document_detail, name="document_detail"),
    path("library/<int:document>/file/", views.document_file, name="document_file"),
    path("library/<int:document>/preview.png", views.document_preview, name="document_preview"),
    path("library/<int:document>/supersede/", views.document_supersede, name="document_supersede"),
    path("library/<int:document>/tags/", views.document_tag, name="document_tag"),
    path("library/<int:document>/delete/", views.document_delete, name="document_delete"),
    path("library/tags/<int:tag>/delete/", views.tag_delete, name="tag_delete"),
    path("references/service-language/", views.service_language_page, name="service_language"),
    path("references/service-language.pdf", views.service_language_pdf, name="service_language_pdf"),
]
