"""The demo's question bank and online exam (issue #3).

晋江市总工会's bank for 劳动关系协调员 (26 questions on the labour laws the occupation
applies), imported from a real .xlsx through the bank service; and 2026年安海镇劳动关系协调员
岗位练兵, under way, whose theory paper is drawn from that bank and sat online — the demo
worker ``zhigong`` can take it. The bank was imported a month ago, the drill set up three weeks
ago, its registration open for twelve days, the draw yesterday and the start today: the audit
rows carry those moments, and the drill's registration window says the same."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone
from openpyxl import Workbook

from jiangxin.accounts.models import User
from jiangxin.competitions import services as competitions
from jiangxin.competitions.models import Competition, Entry
from jiangxin.demo.clock import days_ago, happened_at, on, past
from jiangxin.exams import services
from jiangxin.exams.bank_rows import COLUMNS
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import Occupation, Worker

# 题型, 知识点, 题干, A–F, 答案, 解析
QUESTIONS = [
    (
        "单选题",
        "劳动争议调解",
        "自劳动争议调解组织收到调解申请之日起多少日内未达成调解协议的，当事人可以依法申请仲裁？",
        ["10 日", "15 日", "30 日", "45 日"],
        "B",
        "《劳动争议调解仲裁法》第十四条",
    ),
    (
        "单选题",
        "劳动争议调解",
        "劳动争议申请仲裁的时效期间为：",
        ["六个月", "一年", "二年", "三年"],
        "B",
        "《劳动争议调解仲裁法》第二十七条",
    ),
    (
        "单选题",
        "劳动合同",
        "劳动合同期限三个月以上不满一年的，试用期不得超过：",
        ["一个月", "二个月", "三个月", "六个月"],
        "A",
        "《劳动合同法》第十九条",
    ),
    (
        "单选题",
        "劳动合同",
        "用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付几倍的工资？",
        ["一倍", "二倍", "三倍", "无须支付"],
        "B",
        "《劳动合同法》第八十二条",
    ),
    (
        "单选题",
        "劳动合同",
        "劳动者提前多少日以书面形式通知用人单位，可以解除劳动合同？",
        ["三日", "十日", "三十日", "六十日"],
        "C",
        "《劳动合同法》第三十七条",
    ),
    (
        "单选题",
        "劳动合同",
        "经济补偿按劳动者在本单位工作的年限，每满一年支付：",
        ["半个月工资", "一个月工资", "二个月工资", "三个月工资"],
        "B",
        "《劳动合同法》第四十七条",
    ),
    (
        "单选题",
        "集体协商",
        "集体合同订立后，应当报送哪个部门？",
        ["劳动行政部门", "上级工会", "人民法院", "市场监督管理部门"],
        "A",
        "《劳动合同法》第五十四条",
    ),
    (
        "单选题",
        "集体协商",
        "劳动行政部门自收到集体合同文本之日起多少日内未提出异议的，集体合同即行生效？",
        ["七日", "十日", "十五日", "三十日"],
        "C",
        "《劳动合同法》第五十四条",
    ),
    (
        "单选题",
        "工作时间",
        "国家实行劳动者每日工作时间不超过几小时的工时制度？",
        ["六小时", "八小时", "十小时", "十二小时"],
        "B",
        "《劳动法》第三十六条",
    ),
    (
        "单选题",
        "工作时间",
        "用人单位由于生产经营需要，经与工会和劳动者协商后可以延长工作时间，一般每日不得超过：",
        ["一小时", "二小时", "三小时", "四小时"],
        "A",
        "《劳动法》第四十一条",
    ),
    (
        "单选题",
        "工作时间",
        "休息日安排劳动者工作又不能安排补休的，支付不低于工资的百分之多少的工资报酬？",
        ["百分之一百五十", "百分之二百", "百分之三百", "百分之一百"],
        "B",
        "《劳动法》第四十四条",
    ),
    (
        "单选题",
        "工作时间",
        "法定休假日安排劳动者工作的，支付不低于工资的百分之多少的工资报酬？",
        ["百分之一百五十", "百分之二百", "百分之三百", "百分之四百"],
        "C",
        "《劳动法》第四十四条",
    ),
    (
        "多选题",
        "劳动合同",
        "劳动合同应当具备的条款包括：",
        ["劳动报酬", "工作时间和休息休假", "试用期", "社会保险"],
        "ABD",
        "《劳动合同法》第十七条；试用期为可以约定的条款",
    ),
    (
        "多选题",
        "劳动争议调解",
        "发生劳动争议，当事人可以到下列哪些调解组织申请调解？",
        [
            "企业劳动争议调解委员会",
            "依法设立的基层人民调解组织",
            "在乡镇、街道设立的具有劳动争议调解职能的组织",
            "人民法院",
        ],
        "ABC",
        "《劳动争议调解仲裁法》第十条",
    ),
    (
        "多选题",
        "劳动争议调解",
        "下列争议中，属于《劳动争议调解仲裁法》适用范围的有：",
        [
            "因确认劳动关系发生的争议",
            "因订立、履行、变更、解除和终止劳动合同发生的争议",
            "因劳动报酬、工伤医疗费、经济补偿或者赔偿金等发生的争议",
            "因农村土地承包经营发生的纠纷",
        ],
        "ABC",
        "《劳动争议调解仲裁法》第二条",
    ),
    (
        "多选题",
        "集体协商",
        "企业职工一方与用人单位通过平等协商，可以就下列哪些事项订立集体合同？",
        ["劳动报酬", "工作时间", "休息休假", "劳动安全卫生"],
        "ABCD",
        "《劳动合同法》第五十一条",
    ),
    (
        "多选题",
        "劳动争议调解",
        "企业劳动争议调解委员会由哪些代表组成？",
        ["职工代表", "企业代表", "劳动行政部门代表", "人民法院代表"],
        "AB",
        "《劳动争议调解仲裁法》第十条",
    ),
    (
        "多选题",
        "劳动合同",
        "用人单位有下列哪些情形的，劳动者可以解除劳动合同？",
        [
            "未及时足额支付劳动报酬",
            "未依法为劳动者缴纳社会保险费",
            "未按照劳动合同约定提供劳动保护或者劳动条件",
            "安排劳动者参加职业技能培训",
        ],
        "ABC",
        "《劳动合同法》第三十八条",
    ),
    (
        "判断题",
        "集体协商",
        "集体合同草案应当提交职工代表大会或者全体职工讨论通过。",
        [],
        "正确",
        "《劳动合同法》第五十一条",
    ),
    (
        "判断题",
        "劳动争议调解",
        "劳动争议仲裁不收费，劳动争议仲裁委员会的经费由财政予以保障。",
        [],
        "正确",
        "《劳动争议调解仲裁法》第五十三条",
    ),
    (
        "判断题",
        "劳动合同",
        "同一用人单位与同一劳动者只能约定一次试用期。",
        [],
        "正确",
        "《劳动合同法》第十九条",
    ),
    (
        "判断题",
        "劳动合同",
        "试用期不包含在劳动合同期限内。",
        [],
        "错误",
        "《劳动合同法》第十九条：试用期包含在劳动合同期限内",
    ),
    (
        "判断题",
        "劳动合同",
        "用人单位招用劳动者时，可以扣押劳动者的居民身份证作为担保。",
        [],
        "错误",
        "《劳动合同法》第九条",
    ),
    (
        "判断题",
        "劳动争议调解",
        "经调解达成协议的，应当制作调解协议书，由双方当事人签名或者盖章，经调解员签名并加盖调解组织印章后生效。",
        [],
        "正确",
        "《劳动争议调解仲裁法》第十四条",
    ),
    (
        "判断题",
        "劳动合同",
        "劳动者在试用期间被证明不符合录用条件的，用人单位可以解除劳动合同。",
        [],
        "正确",
        "《劳动合同法》第三十九条",
    ),
    (
        "判断题",
        "劳动合同",
        "以完成一定工作任务为期限的劳动合同可以约定试用期。",
        [],
        "错误",
        "《劳动合同法》第十九条",
    ),
]  # i18n: data
__i18n_data__ = ("QUESTIONS",)


def bank_file() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    for kind, topic, stem, options, answer, note in QUESTIONS:
        ws.append([kind, topic, stem, *options, *[""] * (6 - len(options)), answer, note])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def build() -> None:
    platform = User.objects.get(username="platform")
    jinjiang = Organisation.objects.get(name="晋江市总工会")
    anhai = Organisation.objects.get(name="安海镇总工会")
    coordinator = Occupation.objects.get(name="劳动关系协调员")
    with happened_at(days_ago(30, hour=10)):
        services.import_questions(
            by=platform, organisation=jinjiang, occupation=coordinator, data=bank_file()
        )
    now = timezone.now()
    with happened_at(days_ago(21, hour=10)):
        drill = competitions.create_competition(
            by=platform,
            organiser=anhai,
            occupation=coordinator,
            title="2026年安海镇劳动关系协调员岗位练兵",
            level=Competition.Level.TOWN,
            kind=Competition.Kind.DRILL,
            held_on=timezone.localdate(),
            registration_opens=now - datetime.timedelta(hours=1),
            registration_closes=now + datetime.timedelta(hours=1),
            quota_per_delegation=5,
            award_rules=[{"name": "练兵标兵", "count": 3}],
            components=[
                {"kind": "theory", "name": "劳动法律法规理论考试", "weight": 40, "rule": "exam"},
                {"kind": "practical", "name": "调解模拟实操", "weight": 60, "rule": "scheme"},
            ],
        )
        theory = drill.components.get(kind="theory")
        paper = services.set_paper(
            by=platform,
            component=theory,
            rules=[
                {"kind": "single", "topic": "", "count": 10, "points": "4"},
                {"kind": "multiple", "topic": "", "count": 5, "points": "6"},
                {"kind": "truefalse", "topic": "", "count": 6, "points": "5"},
            ],
            duration_minutes=30,
            shuffle=True,
        )
        competitions.add_aspect(
            by=platform,
            component=drill.components.get(kind="practical"),
            criterion="调解过程",
            kind="judgement",
            description="沟通表达与情绪疏导",
            max_mark=20,
            descriptors=["未达到要求", "基本达到要求", "达到要求", "超出要求"],
        )
    opens, closes = days_ago(14, hour=9, minute=0), days_ago(2, hour=17, minute=0)
    with happened_at(opens):
        competitions.transition(by=platform, competition=drill, step="open_registration")
    entered = days_ago(10, hour=15)
    with happened_at(entered):
        jingong_union = Organisation.objects.get(name="福建省晋工机械有限公司工会")
        team = competitions.create_delegation(
            by=platform, competition=drill, organisation=jingong_union, name="晋工机械代表队"
        )
        demo_worker = Worker.objects.get(account__username="zhigong")
        members = [demo_worker] + list(
            Worker.objects.filter(organisation=jingong_union, occupation=coordinator)
            .exclude(pk=demo_worker.pk)
            .order_by("pk")[:4]
        )
        for worker in members:
            competitions.enter_worker(by=platform, delegation=team, worker=worker)
    Entry.objects.filter(delegation=team).update(created=entered)
    with happened_at(closes):
        competitions.transition(by=platform, competition=drill, step="close_registration")
    with happened_at(days_ago(1, hour=16)):
        competitions.draw(by=platform, competition=drill, seed="demo-drill")
        for username, role in [
            ("caipan1", "judge"),
            ("caipan2", "judge"),
            ("caipan3", "judge"),
            ("caipanzhang", "chief"),
        ]:
            competitions.appoint_judge(
                by=platform, competition=drill, user=User.objects.get(username=username), role=role
            )
    started = past(on(timezone.localdate(), hour=8, minute=0))
    with happened_at(started):
        services.draw_paper(by=platform, paper=paper, seed="demo-drill")
        competitions.transition(by=platform, competition=drill, step="start")
    Competition.objects.filter(pk=drill.pk).update(
        created=days_ago(21, hour=10), registration_opens=opens, registration_closes=closes
    )
    type(paper).objects.filter(pk=paper.pk).update(drawn_at=started)
