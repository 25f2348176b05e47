"""Users and sign-in: slow hashes, throttling, roles, OIDC mapping."""

import re
from datetime import datetime, timedelta

import pytest

from tpbis import accounts
from tpbis.accounts import SignInError, User
from tpbis.i18n import t

NOW = datetime(2026, 11, 25, 9, 0)


def test_passwords_are_stored_only_as_salted_scrypt_hashes(small_store):
    accounts.save_user(small_store, "Siti", "Siti Aminah", "editor", "32", "rahasia-panjang")
    stored = small_store.scalar("SELECT password_hash FROM app_user WHERE username = 'siti'")
    assert stored.startswith("scrypt$16384$8$1$") and "rahasia" not in stored
    assert accounts.hash_password("x") != accounts.hash_password("x")  # salted
    user = accounts.sign_in(small_store, " SITI ", "rahasia-panjang", NOW)
    assert user == User("siti", "Siti Aminah", "editor", "32")


def test_wrong_unknown_and_disabled_get_the_same_answer(small_store):
    accounts.save_user(small_store, "budi", "Budi", "admin", None, "rahasia-panjang", disabled=True)
    for name, password in (("budi", "salah-salah"), ("tidakada", "rahasia-panjang"), ("budi", "rahasia-panjang")):
        with pytest.raises(SignInError, match=re.escape(t("account.wrong"))):
            accounts.sign_in(small_store, name, password, NOW)


def test_repeated_failures_lock_the_name_for_a_while(small_store):
    accounts.save_user(small_store, "ani", "Ani", "viewer", None, "rahasia-panjang")
    for minute in range(accounts.MAX_FAILURES):
        with pytest.raises(SignInError):
            accounts.sign_in(small_store, "ani", "tebakan", NOW + timedelta(minutes=minute))
    with pytest.raises(SignInError, match=re.escape(t("account.locked", minutes=15))):
        accounts.sign_in(small_store, "ani", "rahasia-panjang", NOW + timedelta(minutes=5))
    assert accounts.sign_in(small_store, "ani", "rahasia-panjang", NOW + timedelta(minutes=25)).username == "ani"


def test_saving_keeps_the_password_and_checks_its_input(small_store):
    accounts.save_user(small_store, "joko", "Joko", "editor", "32.01", "rahasia-panjang", email="Joko@Desa.id")
    accounts.save_user(small_store, "joko", "Joko W", "admin")  # no new password: the old one stays
    assert accounts.sign_in(small_store, "joko", "rahasia-panjang", NOW).role == "admin"
    with pytest.raises(ValueError, match="minimal 10"):
        accounts.save_user(small_store, "x", "X", "viewer", None, "pendek")
    with pytest.raises(ValueError, match="tidak dikenal"):
        accounts.save_user(small_store, "x", "X", "editor", "99", "rahasia-panjang")
    with pytest.raises(ValueError, match="peran"):
        accounts.save_user(small_store, "x", "X", "raja", None, "rahasia-panjang")


def test_oidc_people_get_their_role_by_email_or_are_viewers(small_store):
    accounts.save_user(small_store, "rina", "Rina", "editor", "33", email="rina@perpusnas.go.id")
    assert accounts.user_for_email(small_store, "RINA@perpusnas.go.id").role == "editor"
    stranger = accounts.user_for_email(small_store, "tamu@contoh.id", "Tamu")
    assert (stranger.role, stranger.display_name) == ("viewer", "Tamu")


def test_roles_say_what_they_may_do():
    assert not accounts.ANONYMOUS.sees_contacts_of("32.01.01.1001") and not accounts.ANONYMOUS.can_import()
    editor = User("e", "E", "editor", "32.01")
    assert editor.covers("32.01.01.1001") and not editor.covers("32.04.05.2001") and not editor.covers("32.0")
    assert User("a", "A", "admin", "33").covers("32.01")


@pytest.mark.parametrize(
    "user, sees",
    [
        (User("a", "A", "admin", None), {"32.01.01.1001", "33.01.01.2001"}),
        (User("a", "A", "admin", "33"), {"32.01.01.1001", "33.01.01.2001"}),
        (User("e", "E", "editor", None), {"32.01.01.1001", "33.01.01.2001"}),
        (User("e", "E", "editor", "32"), {"32.01.01.1001"}),
        (User("e", "E", "editor", "32.04"), set()),
        (User("v", "V", "viewer", None), set()),
        (User("v", "V", "viewer", "32"), set()),
    ],
)
def test_contacts_are_seen_by_admins_and_by_editors_inside_their_region(user, sees):
    assert {v for v in ("32.01.01.1001", "33.01.01.2001") if user.sees_contacts_of(v)} == sees


def test_a_session_follows_role_changes_and_disabling(small_store):
    accounts.save_user(small_store, "made", "Made", "admin", None, "rahasia-panjang")
    session = accounts.sign_in(small_store, "made", "rahasia-panjang", NOW)
    accounts.save_user(small_store, "made", "Made", "editor", "33")
    assert accounts.current(small_store, session) == User("made", "Made", "editor", "33")
    accounts.save_user(small_store, "made", "Made", "editor", "33", disabled=True)
    assert accounts.current(small_store, session) == accounts.ANONYMOUS
    oidc_viewer = User("tamu@contoh.id", "Tamu")
    assert accounts.current(small_store, oidc_viewer) == oidc_viewer


def test_a_password_sign_in_outlives_a_reload_until_it_ends(small_store):
    accounts.save_user(small_store, "sinta", "Sinta", "editor", "32", password="kata-sandi-panjang")
    user = accounts.sign_in(small_store, "sinta", "kata-sandi-panjang", NOW)
    now = NOW
    token = accounts.start_session(small_store, user, now).token
    assert small_store.scalar("SELECT count(*) FROM sign_in_session WHERE token_hash = :t", {"t": token}) == 0
    assert accounts.resume_session(small_store, token, now + timedelta(hours=11)) == user
    assert not accounts.resume_session(small_store, token, now + accounts.SESSION_LIFETIME).signed_in  # expired
    assert not accounts.resume_session(small_store, "tebakan", now).signed_in
    assert not accounts.resume_session(small_store, None, now).signed_in

    accounts.save_user(small_store, "sinta", "Sinta", "admin", "32")  # a new role applies at once
    assert accounts.resume_session(small_store, token, now).role == "admin"
    accounts.save_user(small_store, "sinta", "Sinta", "admin", "32", disabled=True)
    assert not accounts.resume_session(small_store, token, now).signed_in  # disabled
    accounts.save_user(small_store, "sinta", "Sinta", "admin", "32")
    assert accounts.resume_session(small_store, token, now).signed_in
    accounts.end_session(small_store, token)  # signed out
    assert not accounts.resume_session(small_store, token, now).signed_in

    again = accounts.start_session(small_store, user, now).token
    accounts.save_user(small_store, "sinta", "Sinta", "editor", "32", password="sandi-baru-yang-panjang")
    assert not accounts.resume_session(small_store, again, now).signed_in  # a new password ends it


def test_failures_from_one_machine_do_not_lock_the_owner_out_of_theirs(small_store):
    accounts.save_user(small_store, "dewi", "Dewi", "editor", None, "rahasia-panjang")
    for minute in range(accounts.MAX_FAILURES):
        with pytest.raises(SignInError):
            accounts.sign_in(small_store, "dewi", "tebakan", NOW + timedelta(minutes=minute), address="10.0.0.66")
    with pytest.raises(SignInError, match=re.escape(t("account.locked", minutes=15))):
        accounts.sign_in(small_store, "dewi", "rahasia-panjang", NOW + timedelta(minutes=5), address="10.0.0.66")
    assert (
        accounts.sign_in(
            small_store, "dewi", "rahasia-panjang", NOW + timedelta(minutes=5), address="10.0.0.7"
        ).username
        == "dewi"
    )

    # guessing from many machines at once still meets a limit
    for n in range(accounts.MAX_FAILURES_ANYWHERE):
        with pytest.raises(SignInError):
            accounts.sign_in(small_store, "dewi", "tebakan", NOW + timedelta(minutes=6), address=f"10.1.{n}.1")
    with pytest.raises(SignInError, match=re.escape(t("account.locked", minutes=15))):
        accounts.sign_in(small_store, "dewi", "rahasia-panjang", NOW + timedelta(minutes=7), address="10.0.0.7")


def test_the_cookie_endpoint_gets_the_token_once_for_a_fresh_one_time_code(small_store):
    accounts.save_user(small_store, "sinta", "Sinta", "editor", "32", password="kata-sandi-panjang")
    user = accounts.sign_in(small_store, "sinta", "kata-sandi-panjang", NOW)
    started = accounts.start_session(small_store, user, NOW)
    stored = small_store.query("SELECT * FROM sign_in_session").iloc[0]
    assert started.token not in stored.to_dict().values() and started.handoff not in stored.to_dict().values()
    assert accounts.redeem_handoff(small_store, "tebakan", NOW) is None
    assert accounts.redeem_handoff(small_store, started.handoff, NOW + timedelta(seconds=5)) == started.token
    assert accounts.redeem_handoff(small_store, started.handoff, NOW + timedelta(seconds=6)) is None  # used
    late = accounts.start_session(small_store, user, NOW)
    assert accounts.redeem_handoff(small_store, late.handoff, NOW + accounts.HANDOFF_LIFETIME) is None  # too late
    assert accounts.resume_session(small_store, late.token, NOW).username == "sinta"


def test_user_names_are_capped(small_store):
    long = "a" * (accounts.MAX_USERNAME + 1)
    with pytest.raises(SignInError):
        accounts.sign_in(small_store, long * 100, "apa saja", NOW)
    assert small_store.scalar("SELECT max(length(username)) FROM sign_in_attempt") is None
    with pytest.raises(accounts.AccountError) as refused:
        accounts.save_user(small_store, long, "Panjang", "viewer", None, "rahasia-panjang")
    assert refused.value.key == "account.long_username"


def test_a_password_reset_from_the_shell_keeps_role_name_and_email(tmp_path, monkeypatch, capsys):
    """`tpbis accounts add NAME` for a forgotten password once made an admin a viewer."""
    from tests import databases
    from tpbis.store import open_store

    location = databases.new_database(tmp_path)
    with open_store(location) as store:
        store.migrate()
    monkeypatch.setenv("TPBIS_NEW_PASSWORD", "rahasia-panjang-1")
    assert (
        accounts.main(["add", "kepala", "--role", "admin", "--name", "Kepala", "--email", "k@x.id", "--db", location])
        == 0
    )
    monkeypatch.setenv("TPBIS_NEW_PASSWORD", "rahasia-panjang-2")
    assert accounts.main(["add", "kepala", "--db", location]) == 0
    with open_store(location) as store:
        row = accounts.users(store).set_index("username").loc["kepala"]
        assert (row["role"], row["display_name"], row["email"]) == ("admin", "Kepala", "k@x.id")
        assert accounts.sign_in(store, "kepala", "rahasia-panjang-2").role == "admin"
    monkeypatch.delenv("TPBIS_NEW_PASSWORD")
    monkeypatch.setattr("getpass.getpass", lambda prompt: (_ for _ in ()).throw(EOFError))
    assert accounts.main(["add", "lain", "--db", location]) == 1  # no terminal: a sentence, no traceback
    assert "TPBIS_NEW_PASSWORD" in capsys.readouterr().err
