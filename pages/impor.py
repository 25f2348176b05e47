"""Impor: templates, an upload that is checked first (dry run), apply, and the audit log."""
import streamlit as st

from pages import shared
from tpbis import access, exports, importer
from tpbis.i18n import t

scope = shared.current_scope()
lang = scope.lang
store = shared.get_store()
st.title(t("import.title", lang))
st.caption(t("import.intro", lang))

if not access.import_enabled():
    st.info(t("import.disabled", lang))
    st.stop()
if not st.session_state.get("import_allowed"):
    given = st.text_input(t("import.password", lang), type="password", key="import-password")
    if given and access.import_password_ok(given):
        st.session_state["import_allowed"] = True
        st.rerun()
    if given:
        st.error(t("import.password.wrong", lang))
    st.stop()

st.download_button(t("import.template", lang), lambda: importer.template_xlsx(store),
                   file_name="templat_impor_tpbis.xlsx", key="template",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

upload = st.file_uploader(t("import.upload", lang), type=["xlsx", "csv"], key="upload")
if upload is not None:
    data = upload.getvalue()
    dry = importer.check(store, upload.name, data)
    st.subheader(t("import.dry_run", lang))
    st.dataframe(dry.summary.rename(columns={
        "sheet": t("import.sheet", lang), "rows": t("import.rows", lang), "insert": t("import.insert", lang),
        "update": t("import.update", lang), "unchanged": t("import.unchanged", lang),
        "reject": t("import.reject", lang)}).drop(columns="kind"), hide_index=True)
    if dry.ok:
        st.success(t("import.ready", lang))
        user = st.text_input(t("import.user", lang), key="import-user")
        if st.button(t("import.apply", lang), type="primary", disabled=not user.strip(), key="apply"):
            import_id = importer.apply(store, dry, user.strip())
            shared.data_changed()
            st.success(t("import.applied", lang, id=import_id))
    else:
        st.error(t("import.problems", lang, count=len(dry.problems)))
        problems = dry.problems_frame().rename(columns={
            "sheet": t("import.sheet", lang), "row": t("import.row", lang), "column": t("import.column", lang),
            "value": t("import.value", lang), "message": t("import.message", lang)})
        st.dataframe(problems, hide_index=True)
        st.download_button(t("import.problems.download", lang), exports.csv_bytes(problems),
                           file_name="masalah_impor.csv", mime="text/csv", key="problems")

st.subheader(t("import.log", lang))
log = importer.log(store)
if log.empty:
    st.caption(t("import.log.empty", lang))
for entry in log.itertuples():
    left, right = st.columns([5, 1])
    state = t("import.reverted", lang) if entry.reverted_at is not None and str(entry.reverted_at) != "NaT" else ""
    left.markdown(f"**#{entry.import_id}** {entry.file_name} · {entry.imported_by} · {entry.imported_at:%Y-%m-%d %H:%M} "
                  f"· {entry.counts} · sha256 {entry.sha256[:12]}… {state}")
    if not state and right.button(t("import.revert", lang), key=f"revert-{entry.import_id}"):
        importer.revert(store, entry.import_id)
        shared.data_changed()
        st.rerun()
