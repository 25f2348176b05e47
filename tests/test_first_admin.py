"""The users page (/admin) opened with the setup link the app logs while there is no admin."""

from __future__ import annotations

import pytest

from tests import databases
from tests.app import open_page
from tpbis import accounts, setup_token
from tpbis.i18n import t
from tpbis.store import open_store
from tpbis_ui import navigation


@pytest.fixture()
def no_admin(demo_db, tmp_path, monkeypatch):
    """A copy of the demo database without any user; the app pointed at it. Yields its store."""
    location = databases.copy_of(demo_db, tmp_path)
    for name, value in databases.environment(location).items():
        monkeypatch.setenv(name, value)
    with open_store(location) as store:
        store.migrate()
        store.execute("DELETE FROM app_user")
        yield store


def _fill(app, username: str, password: str, again: str):
    app.text_input(key="setup-username").input(username)
    app.text_input(key="setup-name").input("Admin Pusat")
    app.text_input(key="setup-password").input(password)
    app.text_input(key="setup-password-again").input(again)
    return app.button(key="setup-submit").click().run()


def test_the_setup_link_creates_the_first_admin_once(no_admin):
    token = setup_token.create(no_admin)
    app = open_page(navigation.USERS, setup=token)
    assert not app.exception and app.subheader[0].value == t("setup.title")
    assert not app.dataframe  # the list of users is for admins only
    app = _fill(app, "pusat", "rahasia-panjang", "rahasia-lain-x")
    assert app.error[0].value == t("setup.mismatch") and not accounts.has_admin(no_admin)
    app = _fill(app, "pusat", "pendek", "pendek")
    assert "minimal 10" in app.error[0].value and setup_token.is_valid(no_admin, token)
    app = _fill(app, "Pusat", "rahasia-panjang", "rahasia-panjang")
    assert not app.exception and app.success[0].value == t("setup.done", user="pusat")
    assert "setup" not in app.query_params  # the used link leaves the address
    assert app.button(key="sign-in-submit") and not any("Admin Pusat" in c.value for c in app.caption)  # nobody in
    assert accounts.sign_in(no_admin, "pusat", "rahasia-panjang").is_admin()
    assert not setup_token.is_valid(no_admin, token)
    again = open_page(navigation.USERS, setup=token)  # the same link later: an admin exists now
    assert again.info[0].value == t("setup.admin_exists") and not again.get("form")[1:]
    assert set(accounts.users(no_admin)["username"]) == {"pusat"}


def test_a_wrong_or_used_link_says_so_and_shows_no_form(no_admin):
    app = open_page(navigation.USERS, setup="bukan-token-kami", lang="en")
    assert not app.exception and app.error[0].value == t("setup.invalid", "en")
    assert not [w for w in app.text_input if w.key and w.key.startswith("setup-")]
    assert accounts.users(no_admin).empty


def test_a_link_used_in_another_tab_meanwhile_creates_nothing(no_admin):
    token = setup_token.create(no_admin)
    app = open_page(navigation.USERS, setup=token)
    setup_token.create_first_admin(no_admin, token, "lain", "Lain", "rahasia-panjang")  # the other tab wins
    app = _fill(app, "pusat", "rahasia-panjang", "rahasia-panjang")
    assert not app.exception and app.error[0].value == t("setup.admin_exists")
    assert not app.success and set(accounts.users(no_admin)["username"]) == {"lain"}
