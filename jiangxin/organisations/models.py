from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import ScopedQuerySet


class OrganisationQuerySet(ScopedQuerySet):
    scope_path = "path"

    def subtree_of(self, node: "Organisation") -> "OrganisationQuerySet":
        return self.filter(path__startswith=node.path)


class Organisation(models.Model):
    """A node of the union tree. ``path`` is "/<ancestor ids>/<own id>/", so a subtree is one
    prefix query."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("全国总工会")
        PROVINCE = "province", _("省总工会")
        CITY = "city", _("市总工会")
        COUNTY = "county", _("县级总工会")
        TOWN = "town", _("乡镇/街道总工会")
        ENTERPRISE = "enterprise", _("企业工会")
        JOINT = "joint", _("联合工会")
        INDUSTRY = "industry", _("行业工会")

    FEDERATION_KINDS = (Kind.NATIONAL, Kind.PROVINCE, Kind.CITY, Kind.COUNTY, Kind.TOWN)

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("工会组织")
        verbose_name_plural = _("工会组织")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="organisation_unique_name"),
            models.CheckConstraint(
                condition=Q(parent__isnull=False) | Q(kind__in=["national", "province"]),
                name="organisation_root_is_federation",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_federation(self) -> bool:
        return self.kind in self.FEDERATION_KINDS

    def ancestors(self) -> "OrganisationQuerySet":
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        return Organisation.objects.filter(pk__in=ids).order_by("depth")

    def label(self) -> str:
        return self.short_name or self.name


class Industry(models.Model):
    """行业/产业: a town's industries (Anhai's: 食品饮料, 纸制品, 五金机械, 玩具文具, 制革)."""

    code = models.CharField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("行业")
        verbose_name_plural = _("行业")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class EnterpriseQuerySet(ScopedQuerySet):
    scope_path = "union__path"


class Enterprise(models.Model):
    class Size(models.TextChoices):
        LARGE = "large", _("大型")
        MEDIUM = "medium", _("中型")
        SMALL = "small", _("小型")
        MICRO = "micro", _("微型")

    name = models.CharField(_("企业名称"), max_length=100, unique=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    industry = models.ForeignKey(
        Industry, verbose_name=_("行业"), on_delete=models.PROTECT, related_name="enterprises"
    )
    size = models.CharField(_("规模"), max_length=6, choices=Size.choices)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    union = models.ForeignKey(
        Organisation,
        verbose_name=_("所属工会"),
        on_delete=models.PROTECT,
        related_name="enterprises",
        help_text=_("企业工会，或小微企业所在的联合工会"),
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name"]

    def __str__(self):
        return self.name
