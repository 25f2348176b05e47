"""Pages and their URLs: bookmarked links keep working whatever the modules are called."""

import ast
import inspect
import tomllib

from streamlit.commands import navigation as streamlit_navigation
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner

from tpbis_ui import navigation

# the URL paths of the first release, which people have bookmarked
BOOKMARKED = {"ringkasan", "peta", "pelatihan", "kegiatan", "presentasi", "kualitas", "impor", "perpustakaan", "admin"}
ADDED = {"daftar", "tindak-lanjut"}  # pages added since
ROOT = navigation.PAGES_DIR.parent
DOCUMENTED = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def test_every_page_has_its_module_and_its_old_url():
    assert {page.url_path for page in navigation.ALL} == BOOKMARKED | ADDED
    for page in navigation.ALL:
        assert (navigation.PAGES_DIR / f"{page.module}.py").is_file(), page
    assert sorted(p.name for p in navigation.PAGES_DIR.glob("*.py")) == sorted(f"{p.module}.py" for p in navigation.ALL)


def test_streamlit_still_has_the_legacy_pages_flag_we_turn_off():
    """leave_legacy_pages_mode() sets a private flag: this fails when Streamlit renames or drops it,
    or stops reading it where it decides to run pages/ as an old-style multipage app."""
    assert "uses_pages_directory" in vars(PagesManager)
    assert "PagesManager.uses_pages_directory" in inspect.getsource(script_runner)
    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(streamlit_navigation)
    PagesManager.uses_pages_directory = True
    assert navigation.leave_legacy_pages_mode() and PagesManager.uses_pages_directory is False
    assert not navigation.leave_legacy_pages_mode()


def test_no_page_relies_on_magic_which_the_config_turns_off():
    """.streamlit/config.toml turns magic off (a page is compiled faster): an expression on its
    own line (`frame`) would show nothing. Calls and docstrings are all a page may have."""
    assert tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["runner"]["magicEnabled"] is False
    scripts = [ROOT / "dashboard.py", ROOT / "serve.py", *navigation.PAGES_DIR.glob("*.py")]
    for script in scripts:
        tree = ast.parse(script.read_text(), str(script))
        docstrings = {
            id(n.body[0])
            for n in ast.walk(tree)
            if isinstance(n, DOCUMENTED)
            and n.body
            and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)
            and isinstance(n.body[0].value.value, str)
        }
        shown = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and not isinstance(node.value, ast.Call) and id(node) not in docstrings
        ]
        assert not shown, f"{script}: lines {shown} would be written by magic"
