"""Every Chinese string in the code is translatable: passed to gettext (``_``, ``gettext``,
``gettext_lazy``, ``ngettext``…) where it is written. Spreadsheet vocabulary and other data
are marked ``# i18n: data`` on their line."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]  # the checkout
CJK = re.compile(r"[\u3400-\u9fff]")
TRANSLATORS = {
    "_",
    "_l",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "gettext_noop",
}
SKIP_DIRS = {"tests", "migrations", "demo", "locale"}


def _untranslated(path: Path) -> list[str]:
    source = path.read_text()
    lines = source.splitlines()
    tree = ast.parse(source)
    inside: set[int] = set()
    data_names = set()
    for node in tree.body:  # a module names its data constants in __i18n_data__
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", "") == "__i18n_data__" for t in node.targets
        ):
            data_names = set(ast.literal_eval(node.value))
    for node in tree.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        if any(getattr(t, "id", "") in data_names for t in targets):
            for sub in ast.walk(node):
                inside.add(id(sub))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = (
                node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            )
            if name in TRANSLATORS:
                for sub in ast.walk(node):
                    inside.add(id(sub))
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and CJK.search(node.value)
        ):
            if id(node) in inside:
                continue
            if "i18n: data" in lines[node.lineno - 1] or _is_docstring(tree, node):
                continue
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:40]!r}")
    return found


def _is_docstring(tree, target) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and body[0].value is target:
                return True
    return False


def test_every_chinese_string_in_the_code_is_translatable():
    found, scanned = [], 0
    for path in sorted((ROOT / "jiangxin").rglob("*.py")):
        if SKIP_DIRS & set(path.relative_to(ROOT).parts) or path.name == "factories.py":
            continue
        scanned += 1
        found += _untranslated(path)
    assert scanned > 30  # the checker really read the package
    assert found == [], f"{len(found)} untranslated strings:\n" + "\n".join(found)
