from django.urls import path

from jiangxin.privacy import views

urlpatterns = [
    path("privacy/", views.notice_page, name="privacy_notice"),
    path("privacy/accept/", views.notice_accept, name="privacy_accept"),
    path("me/data/", views.my_data, name="my_data"),
    path("me/data.xlsx", views.my_data_xlsx, name="my_data_xlsx"),
    path("me/data.json", views.my_data_json, name="my_data_json"),
    path("me/corrections/new/", views.correction_new, name="correction_new"),
    path("corrections/", views.correction_list, name="correction_list"),
    path("corrections/<int:pk>/", views.correction_detail, name="correction_detail"),
    path("corrections/<int:pk>/resolve/", views.correction_resolve, name="correction_resolve"),
    path("corrections/<int:pk>/reject/", views.correction_reject, name="correction_reject"),
]
