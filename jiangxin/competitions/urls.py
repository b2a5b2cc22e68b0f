from django.urls import path

from jiangxin.competitions import views

urlpatterns = [
    path("competitions/", views.competition_list, name="competition_list"),
    path("competitions/<int:pk>/", views.competition_detail, name="competition_detail"),
    path("results/", views.public_results_list, name="public_results_list"),
    path("results/<int:pk>/", views.public_results, name="public_results"),
]
