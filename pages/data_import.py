"""Impor: templates, an upload that is checked first (dry run), apply, and the audit log."""

import streamlit as st

from tpbis import escaping, exports
from tpbis.i18n import t
from tpbis.imports import apply as applying
from tpbis.imports import checks, template
from tpbis_ui import auth, data, page_runs, tables, url_filters

lang = url_filters.current_display().lang
store = data.get_store()
st.title(t("import.title", lang))
st.caption(t("import.intro", lang))

user = auth.current_user()
if not user.signed_in:
    st.info(t("import.sign_in_first", lang))
    st.stop()
if not user.can_import():
    st.warning(t("import.not_allowed", lang))
    st.stop()
if user.region_code and not user.is_admin():
    st.info(t("import.region", lang, region=user.region_code))


# Callbacks, not button return values: they run before the script, whatever reruns follow.
def apply(dry: checks.DryRun) -> None:
    try:
        import_id = applying.apply(store, dry, user)
    except applying.REFUSALS as error:
        st.session_state["import-error"] = error.text(lang)
        return
    data.data_changed()
    st.session_state["import-done"] = t("import.applied", lang, id=import_id)


def revert(import_id: int) -> None:
    try:
        applying.revert(store, import_id, user)
    except applying.REFUSALS as error:
        st.session_state["import-error"] = error.text(lang)
        return
    data.data_changed()


if done := st.session_state.pop("import-done", None):
    st.success(done)
if refused := st.session_state.pop("import-error", None):
    st.error(refused)
st.download_button(
    t("import.template", lang),
    lambda: template.template_xlsx(store),
    file_name="templat_impor_tpbis.xlsx",
    key="template",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)

upload = st.file_uploader(t("import.upload", lang), type=["xlsx", "csv"], key="upload")
if upload is not None:
    # the dry run of this file against this data, for this account, once: every click on the
    # page reruns it, and a national file takes seconds (200,000 rows of xlsx: ~20 s)
    checked_for = (upload.file_id, data.data_version(), user.username, user.role, user.region_code)
    kept = st.session_state.get("import-dry-run")
    if kept and kept[0] == checked_for:
        dry = kept[1]
    else:
        with page_runs.long_work():
            dry = checks.check(store, upload.name, upload.getvalue(), user=user)
        st.session_state["import-dry-run"] = (checked_for, dry)
    st.subheader(t("import.dry_run", lang))
    tables.show_table(
        tables.labelled(
            dry.summary.drop(columns="kind"),
            lang,
            sheet="import.sheet",
            rows="import.rows",
            insert="import.insert",
            update="import.update",
            unchanged="import.unchanged",
            reject="import.reject",
        ),
        lang,
    )
    if dry.code_editions and (codes := dry.code_editions.text(lang)):
        st.info(codes)
    if dry.ok and not dry.summary[["insert", "update"]].to_numpy().any():
        # applied, it would leave an entry in the log that changed nothing (the same file again)
        st.info(t("import.nothing_new", lang))
    elif dry.ok:
        st.success(t("import.ready", lang))
        st.caption(t("import.as", lang, user=escaping.markdown(f"{user.display_name} ({user.username})")))
        st.button(t("import.apply", lang), type="primary", key="apply", on_click=apply, args=(dry,))
    else:
        st.error(t("import.problems", lang, count=len(dry.problems)))
        problems = tables.labelled(
            dry.problems_frame(lang),
            lang,
            sheet="import.sheet",
            row="import.row",
            column="import.column",
            value="import.value",
            message="import.message",
        )
        tables.show_table(problems, lang)
        st.download_button(
            t("import.problems.download", lang),
            exports.csv_bytes(problems.shown()),
            file_name="masalah_impor.csv",
            mime="text/csv",
            key="problems",
        )

st.subheader(t("import.log", lang))
log = applying.log(store)
if log.empty:
    st.caption(t("import.log.empty", lang))
for entry in log.itertuples():
    left, right = st.columns([5, 1])
    state = t("import.reverted", lang) if entry.reverted_at is not None and str(entry.reverted_at) != "NaT" else ""
    counts = applying.counts_text(entry.counts, lang)
    left.markdown(
        f"**#{entry.import_id}** {escaping.markdown(entry.file_name)} · {escaping.markdown(entry.imported_by)} · "
        f"{entry.imported_at:%Y-%m-%d %H:%M} · {escaping.markdown(counts)} · sha256 {entry.sha256[:12]}… {state}"
    )
    if not state and user.is_admin():
        right.button(
            t("import.revert", lang), key=f"revert-{entry.import_id}", on_click=revert, args=(entry.import_id,)
        )
