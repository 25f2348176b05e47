from tpbis.geography import display_name, dotted, level_of


def test_official_counts(geography):
    assert len(geography.provinces) == 34
    assert len(geography.regencies) == 514
    assert len(geography.districts) > 7000
    assert len(geography.villages) > 83000


def test_codes_unique_and_nested(geography):
    for frame in (geography.provinces, geography.regencies, geography.districts, geography.villages):
        assert frame["code"].is_unique
    regencies = geography.regencies
    assert (regencies["code"].str[:2] == regencies["province_code"]).all()
    assert set(regencies["province_code"]) == set(geography.provinces["code"])
    assert (geography.districts["code"].str[:5] == geography.districts["regency_code"]).all()
    assert geography.districts["regency_code"].isin(regencies["code"]).all()
    assert (geography.villages["code"].str[:8] == geography.villages["district_code"]).all()


def test_kabupaten_and_kota_kept(geography):
    kinds = geography.regencies.set_index("code")["kind"]
    assert kinds["32.01"] == "kabupaten" and kinds["32.71"] == "kota"
    assert (kinds == "kota").sum() == 98


def test_every_regency_and_village_has_a_location(geography):
    assert geography.regencies[["lat", "lon"]].notna().all().all()
    assert geography.villages[["lat", "lon"]].notna().all().all()
    inside = geography.regencies["lat"].between(-11.5, 6.5) & geography.regencies["lon"].between(94, 141.5)
    assert inside.all()


def test_names_read_well():
    assert display_name("KAB. ACEH SELATAN") == "Kab. Aceh Selatan"
    assert display_name("KAB TIMOR TENGAH SELATAN") == "Kab. Timor Tengah Selatan"
    assert display_name("DAERAH ISTIMEWA YOGYAKARTA") == "DI Yogyakarta"
    assert display_name("Pondok Rajeg") == "Pondok Rajeg"
    assert display_name("KAB. BOLAANG MONGONDOWUTARA") == "Kab. Bolaang Mongondow Utara"  # run together in base.csv
    assert display_name("KAB. KEP. SIAU TAGULANDANGBIARO") == "Kab. Kep. Siau Tagulandang Biaro"


def test_code_forms():
    assert dotted("3201011001") == "32.01.01.1001"
    assert dotted("32") == "32"
    assert level_of("32.01") == "regency"


def test_a_database_loaded_with_the_run_together_names_gets_them_spaced(new_database):
    """Migration 0016: a database loaded before display_name spaced them shows them spaced too."""
    from tpbis.store import migrations, open_store

    spacing = next(sql for version, _, sql in migrations() if version == 16)
    with open_store(new_database()) as store:
        store.migrate()
        store.execute("INSERT INTO province VALUES ('71', 'Sulawesi Utara')")
        store.execute("INSERT INTO regency VALUES ('71.08', '71', 'Kab. Bolaang Mongondowutara', 'kabupaten', 0, 0)")
        store.execute("INSERT INTO regency VALUES ('71.01', '71', 'Kab. Bolaang Mongondow', 'kabupaten', 0, 0)")
        for statement in filter(str.strip, spacing.split(";")):
            store.execute(statement)
        names = store.query("SELECT name FROM regency ORDER BY code")["name"].tolist()
        assert names == ["Kab. Bolaang Mongondow", "Kab. Bolaang Mongondow Utara"]
