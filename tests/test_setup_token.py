"""The first admin through a one-time setup token (tpbis.setup_token), on either backend."""

import re
from datetime import datetime, timedelta

import pytest

from tpbis import accounts, setup_token
from tpbis.i18n import t
from tpbis.setup_token import SetupRefused

NOW = datetime(2026, 11, 25, 9, 0)


def test_a_token_creates_the_first_admin_once(small_store):
    assert not accounts.has_admin(small_store)
    token = setup_token.create(small_store, NOW)
    assert token and len(token) >= 40
    stored = small_store.query("SELECT * FROM setup_token")
    assert len(stored) == 1 and token not in stored["token_hash"].iloc[0]  # only its SHA-256
    assert setup_token.is_valid(small_store, token, NOW + timedelta(hours=23))
    assert (
        setup_token.create_first_admin(small_store, token, " Pusat ", "Admin Pusat", "rahasia-panjang", NOW) == "pusat"
    )
    assert accounts.sign_in(small_store, "pusat", "rahasia-panjang", NOW).is_admin()
    assert accounts.has_admin(small_store)
    assert not setup_token.is_valid(small_store, token, NOW)  # used up
    with pytest.raises(SetupRefused, match=re.escape(t("setup.admin_exists"))):
        setup_token.create_first_admin(small_store, token, "kedua", "Kedua", "rahasia-panjang", NOW)
    assert setup_token.create(small_store, NOW) is None  # no new link once an admin exists
    assert set(accounts.users(small_store)["username"]) == {"pusat"}


def test_wrong_expired_or_used_tokens_create_nothing(small_store):
    token = setup_token.create(small_store, NOW)
    other = setup_token.create(small_store, NOW)  # a second start: both links work until one is used
    for wrong, when in (("x" * 43, NOW), ("", NOW), (None, NOW), ("x" * 500, NOW), (token, NOW + timedelta(hours=25))):
        with pytest.raises(SetupRefused, match="tidak berlaku") as refused:
            setup_token.create_first_admin(small_store, wrong, "budi", "Budi", "rahasia-panjang", when)
        assert "not valid" in refused.value.text("en")
    assert accounts.users(small_store).empty
    setup_token.create_first_admin(small_store, other, "budi", "Budi", "rahasia-panjang", NOW)
    accounts.save_user(small_store, "budi", "Budi", "admin", disabled=True)  # no enabled admin again
    with pytest.raises(SetupRefused, match="tidak berlaku"):  # the other link ended with the first use
        setup_token.create_first_admin(small_store, token, "ani", "Ani", "rahasia-panjang", NOW)


def test_a_refused_user_leaves_the_token_as_it_was(small_store):
    token = setup_token.create(small_store, NOW)
    with pytest.raises(accounts.AccountError, match="minimal 10"):
        setup_token.create_first_admin(small_store, token, "budi", "Budi", "pendek", NOW)
    with pytest.raises(accounts.AccountError):
        setup_token.create_first_admin(small_store, token, "  ", "Budi", "rahasia-panjang", NOW)
    assert setup_token.is_valid(small_store, token, NOW) and accounts.users(small_store).empty


def test_a_disabled_admin_is_no_admin(small_store):
    accounts.save_user(small_store, "lama", "Lama", "admin", None, "rahasia-panjang", disabled=True)
    accounts.save_user(small_store, "editor", "Editor", "editor", None, "rahasia-panjang")
    assert not accounts.has_admin(small_store)
    assert setup_token.create(small_store, NOW)
