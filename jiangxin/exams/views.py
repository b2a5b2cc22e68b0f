from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, Q, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiangxin.accounts.access import get_for_user
from jiangxin.audit.services import client_ip
from jiangxin.competitions.models import Competition, Component
from jiangxin.core.downloads import xlsx_response
from jiangxin.core.forms import apply_errors, message_errors
from jiangxin.core.types import AuthedRequest
from jiangxin.exams import policies, services
from jiangxin.exams.forms import (
    AnswerForm,
    BankFilterForm,
    PaperRulesForm,
    QuestionImportForm,
    SittingAnswersForm,
)
from jiangxin.exams.models import Paper, Question, Sitting
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import Occupation

KIND_ORDER = Case(
    *[When(kind=k, then=Value(i)) for i, k in enumerate(Question.Kind.values)],
    default=Value(9),
)
KINDS = dict(Question.Kind.choices)


def _summary(questions):
    """Questions counted by occupation, bank, type and topic."""
    rows = (
        questions.values("occupation__name", "organisation__name", "kind", "topic")
        .annotate(n=Count("pk"), kind_order=KIND_ORDER)
        .order_by("occupation__name", "organisation__name", "kind_order", "topic")
    )
    return [{**row, "kind_name": KINDS.get(row["kind"], "")} for row in rows]


# --- the question bank -----------------------------------------------------------------------


def _require_bank_user(request: AuthedRequest) -> None:
    if not policies.can_view_banks(request.user):
        raise Http404


def question_list(request: AuthedRequest) -> HttpResponse:
    _require_bank_user(request)
    visible = Question.objects.visible_to(request.user)
    above = Question.objects.above(request.user)
    form = BankFilterForm(
        request.GET,
        occupations=Occupation.objects.filter(
            Q(pk__in=visible.values("occupation_id")) | Q(pk__in=above.values("occupation_id"))
        ).order_by("name"),
    )
    occupation = page_number = None
    if form.is_valid():
        occupation, page_number = form.cleaned_data["occupation"], form.cleaned_data["page"]
    else:
        for errors in form.errors.values():
            messages.warning(request, str(errors[0]))
    if occupation is not None:
        visible, above = visible.filter(occupation=occupation), above.filter(occupation=occupation)
    page = Paginator(
        visible.select_related("occupation")
        .annotate(kind_order=KIND_ORDER)
        .order_by("occupation", "kind_order", "topic", "pk"),
        50,
    ).get_page(page_number)
    return render(
        request,
        "exams/question_list.html",
        {
            "form": form,
            "page": page,
            "summary": _summary(visible),
            "above": _summary(above),
            "occupation": occupation,
            "can_import": policies.can_import_questions(request.user),
        },
    )


def question_template(request: AuthedRequest) -> HttpResponse:
    _require_bank_user(request)
    return xlsx_response(services.question_template(), _("题库导入模板.xlsx"))


def question_import(request: AuthedRequest) -> HttpResponse:
    _require_bank_user(request)
    if not policies.can_import_questions(request.user):
        raise PermissionDenied
    organisations = Organisation.objects.editable_by(request.user).order_by("path")
    form = QuestionImportForm(
        request.POST or None, request.FILES or None, organisations=organisations
    )
    problems = []
    if request.method == "POST" and form.is_valid():
        occupation = form.cleaned_data["occupation"]
        try:
            done = services.import_questions(
                by=request.user,
                ip=client_ip(request),
                organisation=form.cleaned_data["organisation"],
                occupation=occupation,
                data=form.cleaned_data["file"].read(services.MAX_BANK_FILE + 1),
            )
        except services.BankImportError as err:
            form.add_error(None, err.messages[0])
            problems = err.problems
        else:
            messages.success(
                request,
                _("导入完成：新增 {new} 道，更新 {updated} 道。").format(
                    new=done.created, updated=done.updated
                ),
            )
            return redirect(reverse("question_list") + f"?occupation={occupation.pk}")
    return render(request, "exams/question_import.html", {"form": form, "problems": problems})


# --- the organiser's paper -------------------------------------------------------------------


def _theory(request: AuthedRequest, pk: int) -> tuple[Competition, Component, Paper | None]:
    """The competition's exam component and its paper, for those who set it up (404 for
    those who cannot see the competition, 403 for those who see it but may not)."""
    competition = get_for_user(
        Competition.objects.select_related("organiser", "occupation"), request.user, pk=pk
    )
    if not policies.can_set_paper(request.user, competition):
        raise PermissionDenied
    component = competition.components.filter(rule=Component.Rule.EXAM).first()
    if component is None:
        raise Http404
    paper = Paper.objects.editable_by(request.user).filter(component=component).first()
    if paper is not None:
        paper.component = component
        component.competition = competition
    return competition, component, paper


def paper_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """The drawing rules (GET shows them with the drawn paper and progress; POST saves)."""
    competition, component, paper = _theory(request, pk)
    form = PaperRulesForm(request.POST or None, initial=PaperRulesForm.initial_for(paper))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_paper(
                by=request.user,
                ip=client_ip(request),
                component=component,
                rules=form.service_rows(),
                duration_minutes=form.cleaned_data["duration"],
                shuffle=form.cleaned_data["shuffle"],
            )
        except ValidationError as err:
            apply_errors(form, err)
        else:
            messages.success(request, _("组卷规则已保存。请点击“生成试卷”抽题。"))
            return redirect("paper_edit", pk=competition.pk)
    questions, sittings = [], []
    if paper and paper.items:
        by_id = Question.objects.in_bulk([q for q, _p in paper.items])
        questions = [(by_id[q], p) for q, p in paper.items if q in by_id]
        sittings = list(paper.sittings.select_related("entry").order_by("entry__code"))
    topics = (
        Question.objects.usable_by(competition.organiser)
        .filter(occupation=competition.occupation)
        .values("kind", "topic")
        .annotate(n=Count("pk"), kind_order=KIND_ORDER)
        .order_by("kind_order", "topic")
    )
    now = timezone.now()
    return render(
        request,
        "exams/paper_edit.html",
        {
            "competition": competition,
            "component": component,
            "paper": paper,
            "form": form,
            "bank": [{**t, "kind_name": KINDS.get(t["kind"], "")} for t in topics],
            "questions": questions,
            "sittings": sittings,
            "now": now,
            "overdue": sum(1 for s in sittings if not s.submitted_at and s.deadline < now),
            "can_import": policies.can_import_questions(request.user),
            # the rules and the draw change only before anyone starts and before the lock
            "changeable": not sittings and competition.status in services.PAPER_OPEN,
        },
    )


@require_POST
def paper_draw(request: AuthedRequest, pk: int) -> HttpResponse:
    competition, _component, paper = _theory(request, pk)
    if paper is None:
        messages.error(request, _("请先保存组卷规则，再生成试卷。"))
        return redirect("paper_edit", pk=competition.pk)
    try:
        drawn = services.draw_paper(by=request.user, ip=client_ip(request), paper=paper)
    except ValidationError as err:
        message_errors(request, err)
    else:
        messages.success(request, _("试卷已生成，共 {n} 题。").format(n=len(drawn.items)))
    return redirect("paper_edit", pk=competition.pk)


@require_POST
def paper_collect(request: AuthedRequest, pk: int) -> HttpResponse:
    competition, _component, paper = _theory(request, pk)
    if paper is None:
        raise Http404
    n = services.collect_overdue(by=request.user, ip=client_ip(request), paper=paper)
    messages.success(request, _("已收卷 {n} 份。").format(n=n))
    return redirect("paper_edit", pk=competition.pk)


# --- the contestant's exam -------------------------------------------------------------------


def exam_list(request: AuthedRequest) -> HttpResponse:
    """The exams of the competitions the user entered (approved and drawn)."""
    if not policies.is_contestant(request.user):
        raise Http404
    papers = list(
        Paper.objects.sat_by(request.user)
        .select_related("component__competition")
        .order_by("-component__competition__held_on", "pk")
    )
    sittings = {
        s.paper_id: s
        for s in Sitting.objects.visible_to(request.user).filter(
            entry__worker__account=request.user, paper__in=papers
        )
    }
    rows = [{"paper": p, "sitting": sittings.get(p.pk)} for p in papers]
    return render(request, "exams/exam_list.html", {"rows": rows})


def _my_paper(request: AuthedRequest, pk: int):
    """The paper and the user's own entry in its competition (404 for anyone else)."""
    paper = (
        Paper.objects.sat_by(request.user)
        .select_related("component__competition")
        .filter(pk=pk)
        .first()
    )
    entry = policies.exam_entry(request.user, paper) if paper else None
    if entry is None:
        raise Http404
    return paper, entry


def _my_sitting(request: AuthedRequest, pk: int) -> Sitting:
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


def exam_take(request: AuthedRequest, pk: int) -> HttpResponse:
    paper, entry = _my_paper(request, pk)
    sitting = Sitting.objects.filter(paper=paper, entry=entry).first()
    if sitting and not sitting.submitted_at and timezone.now() > sitting.deadline + services.GRACE:
        # the time ran out while the page was closed: hand it in with the answers saved
        sitting = services.submit_sitting(by=request.user, ip=client_ip(request), sitting=sitting)
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
def exam_start(request: AuthedRequest, pk: int) -> HttpResponse:
    paper, _entry = _my_paper(request, pk)
    try:
        services.start_sitting(by=request.user, ip=client_ip(request), paper=paper)
    except ValidationError as err:
        message_errors(request, err)
    return redirect("exam_take", pk=paper.pk)


@require_POST
def exam_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    """Save one answer (the page's HTMX call): the reply is the status line's text."""
    sitting = _my_sitting(request, pk)
    form = AnswerForm(request.POST, sitting=sitting)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return HttpResponse(first, status=400)
    question, chosen = form.answer()
    try:
        services.save_answer(
            by=request.user,
            ip=client_ip(request),
            sitting=sitting,
            question_id=question,
            chosen=chosen,
        )
    except ValidationError as err:
        return HttpResponse(err.messages[0], status=409)
    return HttpResponse(_("已保存 {time}").format(time=timezone.localtime().strftime("%H:%M:%S")))


@require_POST
def exam_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    sitting = _my_sitting(request, pk)
    paper = sitting.paper
    form = SittingAnswersForm(request.POST, sitting=sitting)
    ip = client_ip(request)
    time_up = False
    if form.is_valid():
        time_up = form.cleaned_data["time_up"]
        # answers still on the page (a submit at the bell, or without JavaScript) are kept first
        for q, chosen in form.sent():
            try:
                services.save_answer(
                    by=request.user, ip=ip, sitting=sitting, question_id=q, chosen=chosen
                )
            except ValidationError:
                break  # past the deadline: what was saved in time counts
    try:
        services.submit_sitting(by=request.user, ip=ip, sitting=sitting, time_up=time_up)
    except ValidationError as err:
        message_errors(request, err)
    else:
        messages.success(request, _("已交卷。成绩将在竞赛结果公示后公布。"))
    return redirect("exam_take", pk=paper.pk)
