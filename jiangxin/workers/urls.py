from django.urls import path

from jiangxin.workers import import_views, views

urlpatterns = [
    path("workers/", views.worker_list, name="worker_list"),
    path("workers/new/", views.worker_new, name="worker_new"),
    path("workers/export/", views.worker_export, name="worker_export"),
    path("workers/export/unmasked/", views.worker_export_unmasked, name="worker_export_unmasked"),
    path("workers/<int:pk>/", views.worker_detail, name="worker_detail"),
    path("workers/<int:pk>/edit/", views.worker_edit, name="worker_edit"),
    path("workers/<int:pk>/unmask/", views.worker_unmask, name="worker_unmask"),
    path("workers/<int:pk>/honours/new/", views.honour_new, name="honour_new"),
    path("imports/", import_views.import_list, name="import_list"),
    path("imports/new/", import_views.import_new, name="import_new"),
    path("imports/template.xlsx", import_views.import_template, name="import_template"),
    path("imports/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("imports/<int:pk>/errors.xlsx", import_views.import_errors, name="import_errors"),
    path("imports/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/cancel/", import_views.import_cancel, name="import_cancel"),
    path("imports/<int:pk>/retry/", import_views.import_retry, name="import_retry"),
]
