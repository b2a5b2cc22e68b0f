"""The Django admin speaks Chinese: its title, every app's section and model names."""

import re

from django.apps import apps

CJK = re.compile(r"[\u3400-\u9fff]")


def test_every_admin_section_and_model_is_named_in_chinese(cast, duties, login):
    # Each administrator sees the part of their duty (三员分立): all three, together.
    sections, models = set(), set()
    for duty in ("system", "security", "audit"):
        body = login(duties[duty]).get("/admin/").content.decode()
        assert "匠心 · 系统管理" in body
        sections |= set(re.findall(r"<caption>\s*<a[^>]*>([^<]*)</a>", body))
        models |= set(re.findall(r'<th scope="row"[^>]*>\s*<a[^>]*>([^<]*)</a>', body))
    assert len(sections) >= 7 and models
    english = [name for name in sections | models if not CJK.search(name)]
    assert english == []


def test_every_project_app_has_a_chinese_verbose_name():
    for config in apps.get_app_configs():
        if config.name.startswith("jiangxin."):
            assert CJK.search(str(config.verbose_name)), config.name
