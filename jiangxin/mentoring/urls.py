from django.urls import path

from jiangxin.mentoring import views

urlpatterns = [
    path("mentoring/", views.programme_list, name="programme_list"),
    path("mentoring/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("mentoring/<int:pk>/match/", views.match, name="programme_match"),
    path("mentoring/<int:pk>/rules/", views.programme_rules, name="programme_rules"),
    path("mentoring/<int:pk>/wish/", views.preferences, name="mentoring_preferences"),
    path("mentoring/<int:pk>/stipends.xlsx", views.stipends, name="programme_stipends"),
    path("mentoring/pairs/<int:pk>/", views.pair_detail, name="pair_detail"),
    path("mentoring/pairs/<int:pk>/agreement.pdf", views.pair_agreement, name="pair_agreement"),
]
