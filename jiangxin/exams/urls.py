from django.urls import path

from jiangxin.exams import views

urlpatterns = [
    path("questions/", views.question_list, name="question_list"),
    path("questions/import/", views.question_import, name="question_import"),
    path("questions/template.xlsx", views.question_template, name="question_template"),
    path("competitions/<int:pk>/exam/", views.paper_edit, name="paper_edit"),
    path("competitions/<int:pk>/exam/draw/", views.paper_draw, name="paper_draw"),
    path("competitions/<int:pk>/exam/collect/", views.paper_collect, name="paper_collect"),
    path("exam/", views.exam_list, name="exam_list"),
    path("exam/<int:pk>/", views.exam_take, name="exam_take"),
    path("exam/<int:pk>/start/", views.exam_start, name="exam_start"),
    path("exam/<int:pk>/answer/", views.exam_answer, name="exam_answer"),
    path("exam/<int:pk>/submit/", views.exam_submit, name="exam_submit"),
]
