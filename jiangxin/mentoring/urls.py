from django.urls import path

from jiangxin.mentoring import views

urlpatterns = [
    path("mentoring/", views.programme_list, name="programme_list"),
    path("mentoring/new/", views.programme_create, name="programme_create"),
    path("mentoring/mine/", views.my_pairs, name="my_pairs"),
    path("mentoring/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("mentoring/<int:pk>/match/", views.match, name="programme_match"),
    path("mentoring/<int:pk>/match/run/", views.match_run, name="match_run"),
    path("mentoring/match/<int:pk>/accept/", views.match_accept, name="match_accept"),
    path("mentoring/<int:pk>/rules/", views.programme_rules, name="programme_rules"),
    path("mentoring/<int:pk>/wish/", views.preferences, name="mentoring_preferences"),
    path("mentoring/<int:pk>/stipends.xlsx", views.stipends, name="programme_stipends"),
    path("mentoring/pairs/<int:pk>/", views.pair_detail, name="pair_detail"),
    path("mentoring/pairs/<int:pk>/approve/", views.pair_approve, name="pair_approve"),
    path("mentoring/pairs/<int:pk>/log/", views.pair_checkin, name="pair_checkin"),
    path(
        "mentoring/pairs/<int:pair_pk>/log/<int:pk>/edit/",
        views.checkin_edit,
        name="checkin_edit",
    ),
    path(
        "mentoring/pairs/<int:pair_pk>/log/<int:pk>/delete/",
        views.checkin_delete,
        name="checkin_delete",
    ),
    path("mentoring/pairs/<int:pk>/assess/", views.pair_assess, name="pair_assess"),
    path("mentoring/pairs/<int:pk>/end/", views.pair_end, name="pair_end"),
    path("mentoring/pairs/<int:pk>/agreement.pdf", views.pair_agreement, name="pair_agreement"),
]
