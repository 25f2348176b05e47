import pandas as pd

from tpbis import demo


def test_same_seed_same_data(geography, demo_records):
    again = demo.generate(geography.villages, geography.regencies.set_index("code")["name"])
    for kind, frame in demo_records.items():
        pd.testing.assert_frame_equal(frame, again[kind], obj=kind)


def test_cohorts_shaped_like_published_figures(demo_records):
    library = demo_records["library"]
    per_cohort = library.groupby("cohort_year").agg(
        libraries=("library_code", "size"),
        regencies=("village_code", lambda c: c.str[:5].nunique()),
        provinces=("village_code", lambda c: c.str[:2].nunique()),
    )
    assert per_cohort.loc[2019, "libraries"] == 300
    assert per_cohort.loc[2020, "libraries"] == 500
    assert per_cohort.loc[2021].tolist() == [450, 159, 32]
    assert per_cohort.loc[2022, ["regencies", "provinces"]].tolist() == [136, 34]
    assert per_cohort.loc[2023, ["libraries", "regencies"]].tolist() == [450, 136]


def test_real_villages_one_library_each(geography, demo_records):
    library = demo_records["library"]
    assert library["village_code"].isin(geography.villages["code"]).all()
    assert library["village_code"].is_unique and library["library_code"].is_unique


def test_realistic_gaps(demo_records):
    library = demo_records["library"]["library_code"]
    reports = demo_records["monthly_report"]
    never_report = ~library.isin(reports["library_code"])
    assert 0.03 < never_report.mean() < 0.2
    late = (reports["submitted_on"] - (reports["report_month"] + pd.offsets.MonthBegin(1))).dt.days > 10
    assert 0.05 < late.mean() < 0.5
    attendance = demo_records["training_attendance"]
    assert 0.05 < (~attendance["completed"]).mean() < 0.3
    last_activity = demo_records["activity"].groupby("library_code")["activity_date"].max()
    lapsed = last_activity < pd.Timestamp(demo.AS_OF) - pd.Timedelta(days=90)
    assert lapsed.sum() > 100
    assert (~library.isin(demo_records["activity"]["library_code"])).sum() > 50


def test_bimtek_2022_between_march_and_june(demo_records):
    batches = demo_records["training_batch"]
    in_2022 = batches[batches["batch_code"].str.contains("2022")]
    assert pd.to_datetime(in_2022["start_date"]).min() >= pd.Timestamp("2022-03-01")
    assert pd.to_datetime(in_2022["end_date"]).max() <= pd.Timestamp("2022-06-30")


def test_national_scale_size(geography):
    villages = geography.villages.iloc[::50]  # a fiftieth of the country keeps the test fast
    records = demo.generate(villages, geography.regencies.set_index("code")["name"], scale="national")
    per_library = len(records["activity"]) / len(records["library"])
    assert len(records["library"]) == len(villages)
    assert 50 < per_library < 70  # ~5 million rows over ~83,000 libraries at full size


def test_membership_only_grows(demo_records):
    reports = demo_records["monthly_report"].sort_values(["library_code", "report_month"])
    assert reports.groupby("library_code")["members"].apply(lambda s: s.is_monotonic_increasing).all()
