from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiangxin.accounts.access import get_for_user, reach_of, require_union_user
from jiangxin.competitions.models import Competition, Component
from jiangxin.core.downloads import xlsx_response
from jiangxin.core.forms import message_errors
from jiangxin.exams import services
from jiangxin.exams.models import Paper, Question, Sitting
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import Occupation

RULE_ROWS = 6
KIND_ORDER = Case(
    *[When(kind=k, then=Value(i)) for i, k in enumerate(Question.Kind.values)],
    default=Value(9),
)


# --- the question bank -----------------------------------------------------------------------


def question_list(request: HttpRequest) -> HttpResponse:
    require_union_user(request.user)
    questions = Question.objects.visible_to(request.user).select_related(
        "occupation", "organisation"
    )
    occupation = request.GET.get("occupation", "")
    if occupation.isdigit():
        questions = questions.filter(occupation_id=int(occupation))
    summary = (
        questions.values("occupation__name", "organisation__name", "kind", "topic")
        .annotate(n=Count("pk"), kind_order=KIND_ORDER)
        .order_by("occupation__name", "organisation__name", "kind_order", "topic")
    )
    page = Paginator(
        questions.annotate(kind_order=KIND_ORDER).order_by(
            "occupation", "kind_order", "topic", "pk"
        ),
        50,
    ).get_page(request.GET.get("page"))
    kinds = dict(Question.Kind.choices)
    return render(
        request,
        "exams/question_list.html",
        {
            "page": page,
            "summary": [{**row, "kind_name": kinds.get(row["kind"], "")} for row in summary],
            "occupations": Occupation.objects.filter(
                pk__in=Question.objects.visible_to(request.user).values("occupation_id")
            ),
            "occupation": occupation,
        },
    )


def question_template(request: HttpRequest) -> HttpResponse:
    require_union_user(request.user)
    return xlsx_response(services.question_template(), "question-bank-template.xlsx")


def question_import(request: HttpRequest) -> HttpResponse:
    reach = require_union_user(request.user)
    organisations = Organisation.objects.editable_by(request.user).order_by("path")[:200]
    context = {
        "organisations": organisations,
        "occupations": Occupation.objects.order_by("code"),
        "problems": [],
    }
    if request.method == "POST":
        organisation = (
            Organisation.objects.editable_by(request.user)
            .filter(pk=request.POST.get("organisation") or 0)
            .first()
        )
        occupation = Occupation.objects.filter(pk=request.POST.get("occupation") or 0).first()
        upload = request.FILES.get("file")
        if organisation is None or occupation is None or upload is None:
            messages.error(request, _("请选择题库所属单位、职业（工种），并选择要上传的文件。"))
        else:
            try:
                done = services.import_questions(
                    by=request.user,
                    request=request,
                    organisation=organisation,
                    occupation=occupation,
                    data=upload.read(services.MAX_BANK_FILE + 1),
                )
            except services.BankImportError as err:
                messages.error(request, err.messages[0])
                context["problems"] = err.problems
            else:
                messages.success(
                    request,
                    _("导入完成：新增 {new} 道，更新 {updated} 道。").format(
                        new=done.created, updated=done.updated
                    ),
                )
                return redirect(reverse("question_list") + f"?occupation={occupation.pk}")
    elif not reach.edit_paths and not reach.platform:
        raise PermissionDenied
    return render(request, "exams/question_import.html", context)


# --- the organiser's paper -------------------------------------------------------------------


def _theory(request, pk: int) -> tuple[Competition, Component]:
    competition = get_for_user(
        Competition.objects.select_related("organiser", "occupation"),
        request.user,
        pk=pk,
        edit=True,
    )
    component = competition.components.filter(rule=Component.Rule.EXAM).first()
    if component is None:
        raise Http404
    return competition, component


def paper_edit(request: HttpRequest, pk: int) -> HttpResponse:
    competition, component = _theory(request, pk)
    paper = Paper.objects.filter(component=component).first()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "draw" and paper:
                drawn = services.draw_paper(by=request.user, request=request, paper=paper)
                messages.success(request, _("试卷已生成，共 {n} 题。").format(n=len(drawn.items)))
            elif action == "collect" and paper:
                n = services.collect_overdue(by=request.user, request=request, paper=paper)
                messages.success(request, _("已收卷 {n} 份。").format(n=n))
            else:
                rows = [
                    {
                        "kind": request.POST.get(f"kind_{i}", ""),
                        "topic": request.POST.get(f"topic_{i}", ""),
                        "count": request.POST.get(f"count_{i}", ""),
                        "points": request.POST.get(f"points_{i}", ""),
                    }
                    for i in range(RULE_ROWS)
                ]
                services.set_paper(
                    by=request.user,
                    request=request,
                    component=component,
                    rules=rows,
                    duration_minutes=int(request.POST.get("duration") or 0),
                    shuffle=request.POST.get("shuffle") == "on",
                )
                messages.success(request, _("组卷规则已保存。请点击“生成试卷”抽题。"))
        except ValidationError as err:
            message_errors(request, err)
        except ValueError:
            messages.error(request, _("考试时长应为整数分钟"))
        return redirect("paper_edit", pk=competition.pk)
    rules = list(paper.rules) if paper else []
    rows = [
        rules[i] if i < len(rules) else {"kind": "", "topic": "", "count": "", "points": ""}
        for i in range(RULE_ROWS)
    ]
    questions, sittings = [], []
    if paper and paper.items:
        by_id = Question.objects.in_bulk([q for q, _p in paper.items])
        questions = [(by_id[q], p) for q, p in paper.items if q in by_id]
        sittings = list(
            Sitting.objects.filter(paper=paper).select_related("entry").order_by("entry__code")
        )
    topics = (
        Question.objects.usable_by(competition.organiser)
        .filter(occupation=competition.occupation)
        .values("kind", "topic")
        .annotate(n=Count("pk"), kind_order=KIND_ORDER)
        .order_by("kind_order", "topic")
    )
    kinds = dict(Question.Kind.choices)
    return render(
        request,
        "exams/paper_edit.html",
        {
            "competition": competition,
            "component": component,
            "paper": paper,
            "rows": rows,
            "kinds": Question.Kind.choices,
            "bank": [{**t, "kind_name": kinds.get(t["kind"], "")} for t in topics],
            "questions": questions,
            "sittings": sittings,
            "now": timezone.now(),
            "overdue": sum(
                1 for s in sittings if not s.submitted_at and s.deadline < timezone.now()
            ),
        },
    )


# --- the contestant's exam -------------------------------------------------------------------


def exam_list(request: HttpRequest) -> HttpResponse:
    reach = reach_of(request.user)
    if not reach.worker_id:
        raise Http404
    papers = (
        Paper.objects.filter(
            component__competition__entries__worker_id=reach.worker_id,
            component__competition__entries__status="approved",
        )
        .exclude(component__competition__entries__code="")
        .select_related("component__competition")
        .distinct()
    )
    sittings = {s.paper_id: s for s in Sitting.objects.filter(entry__worker_id=reach.worker_id)}
    rows = [{"paper": p, "sitting": sittings.get(p.pk)} for p in papers]
    return render(request, "exams/exam_list.html", {"rows": rows})


def _my_paper(request, pk: int):
    """The paper and the user's own entry in its competition (404 for anyone else)."""
    paper = Paper.objects.select_related("component__competition").filter(pk=pk).first()
    entry = services.entry_for(request.user, paper) if paper else None
    if entry is None:
        raise Http404
    return paper, entry


def _my_sitting(request, pk: int) -> Sitting:
    """The user's own sitting of the paper, in one query (each answer comes through here)."""
    sitting = (
        Sitting.objects.select_related("paper")
        .filter(paper_id=pk, entry__worker__account=request.user, entry__status="approved")
        .first()
        if request.user.is_authenticated
        else None
    )
    if sitting is None:
        raise Http404
    return sitting


def exam_take(request: HttpRequest, pk: int) -> HttpResponse:
    paper, entry = _my_paper(request, pk)
    sitting = Sitting.objects.filter(paper=paper, entry=entry).first()
    if sitting and not sitting.submitted_at and timezone.now() > sitting.deadline + services.GRACE:
        # the time ran out while the page was closed: hand it in with the answers saved
        sitting = services.submit_sitting(by=request.user, sitting=sitting)
    context = {"paper": paper, "sitting": sitting, "competition": paper.component.competition}
    if sitting and not sitting.submitted_at:
        questions = Question.objects.in_bulk([q for q, _o in sitting.arrangement])
        points = dict(paper.items)
        letters = "ABCDEF"
        context["questions"] = [
            {
                "number": n,
                "id": q,
                "kind": questions[q].get_kind_display(),
                "multiple": questions[q].kind == Question.Kind.MULTIPLE,
                "stem": questions[q].stem,
                "points": points.get(q),
                "options": [
                    {
                        "value": original,
                        "label": letters[shown],
                        "text": questions[q].options[original],
                        "checked": original in sitting.answers.get(str(q), []),
                    }
                    for shown, original in enumerate(order)
                ],
            }
            for n, (q, order) in enumerate(sitting.arrangement, start=1)
        ]
        context["remaining"] = max(0, int((sitting.deadline - timezone.now()).total_seconds()))
        context["answered"] = sum(1 for v in sitting.answers.values() if v)
    return render(request, "exams/exam_take.html", context)


@require_POST
def exam_start(request: HttpRequest, pk: int) -> HttpResponse:
    paper, _entry = _my_paper(request, pk)
    try:
        services.start_sitting(by=request.user, paper=paper)
    except ValidationError as err:
        messages.error(request, err.messages[0])
    return redirect("exam_take", pk=paper.pk)


@require_POST
def exam_answer(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = _my_sitting(request, pk)
    try:
        question = int(request.POST.get("question", ""))
        chosen = [int(v) for v in request.POST.getlist(f"q{question}")]
        services.save_answer(by=request.user, sitting=sitting, question_id=question, chosen=chosen)
    except ValueError:
        return HttpResponse(_("答案格式不正确"), status=400)
    except ValidationError as err:
        return HttpResponse(err.messages[0], status=409)
    return HttpResponse(_("已保存 {time}").format(time=timezone.localtime().strftime("%H:%M:%S")))


@require_POST
def exam_submit(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = _my_sitting(request, pk)
    paper = sitting.paper
    # answers still on the page (a submit at the bell, or without JavaScript) are kept first
    for q, _order in sitting.arrangement:
        field = f"q{q}"
        if field in request.POST:
            try:
                services.save_answer(
                    by=request.user,
                    sitting=sitting,
                    question_id=q,
                    chosen=[int(v) for v in request.POST.getlist(field)],
                )
            except (ValidationError, ValueError):
                break  # past the deadline: what was saved in time counts
    try:
        services.submit_sitting(
            by=request.user, sitting=sitting, time_up=request.POST.get("time_up") == "1"
        )
    except ValidationError as err:
        messages.error(request, err.messages[0])
    else:
        messages.success(request, _("已交卷。成绩将在竞赛结果公示后公布。"))
    return redirect("exam_take", pk=paper.pk)
