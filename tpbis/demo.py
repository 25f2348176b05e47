"""The deterministic demo generator: a TPBIS-shaped programme on real Kemendagri villages.

Shaped like the programme's published figures (data/published_figures.csv); where a
figure is not published the generator's own assumption (DEMO_ASSUMPTIONS) fills in.
Everything comes from one seeded random generator, so the same seed gives the same data.
Gaps are deliberate: libraries that never report, lapse, train partly or report late.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from tpbis.config import ROOT

SEED = 2022
AS_OF = date(2024, 12, 31)  # the demo's data date: end of TPBIS as a national priority
PUBLISHED = ROOT / "data" / "published_figures.csv"
# Figures the programme did not publish, chosen by the demo (libraries, regencies, provinces).
DEMO_ASSUMPTIONS: dict[int, tuple[int, int, int]] = {
    2019: (300, 60, 21),
    2020: (500, 100, 30),
    2022: (680, 136, 34),
    2023: (450, 136, 33),
}
NATIONAL_COHORTS = [2019, 2020, 2021, 2022, 2023, 2024]
NATIONAL_ACTIVITIES_PER_LIBRARY = 60  # ~5 million activity rows over ~83,000 libraries

ACTIVITY_TYPES = [
    "Pelatihan keterampilan",
    "Literasi anak",
    "Bimbingan belajar",
    "Diskusi komunitas",
    "Pameran produk",
    "Pelatihan TIK",
    "Bedah buku",
]
SKILLS = ["Ekonomi kreatif", "Pertanian", "Kuliner", "Kerajinan", "TIK", "Literasi dasar", "Kesehatan"]
PARTNERS = [
    "Pemerintah Desa",
    "BUMDes",
    "PKK",
    "Karang Taruna",
    "Puskesmas",
    "Dinas Perpustakaan",
    "Perguruan Tinggi",
    "CSR Perusahaan",
    "Komunitas Literasi",
]
PARTNER_KINDS = {  # each partner's kind, as an import names it
    "Pemerintah Desa": "pemerintah",
    "BUMDes": "bumdes",
    "PKK": "komunitas",
    "Karang Taruna": "komunitas",
    "Puskesmas": "pemerintah",
    "Dinas Perpustakaan": "pemerintah",
    "Perguruan Tinggi": "perguruan_tinggi",
    "CSR Perusahaan": "swasta",
    "Komunitas Literasi": "komunitas",
}
AID_KINDS = ["Komputer", "Buku", "Akses internet", "Rak dan mebel", "Dana desa"]
AID_SOURCES = ["Perpusnas", "Pemerintah Daerah", "Dana Desa", "CSR"]
TRAINING_CITIES = ["Jakarta", "Bandung", "Yogyakarta", "Surabaya", "Makassar", "Medan", "Denpasar"]
GIVEN_F = ["Siti", "Dewi", "Rina", "Sri", "Nur", "Ani", "Wati", "Yuni", "Lestari", "Fitri", "Ayu", "Maria"]
GIVEN_M = ["Agus", "Budi", "Joko", "Ahmad", "Rudi", "Andi", "Hendra", "Yusuf", "Made", "Dedi", "Eko", "Yohanes"]
FAMILY = [
    "Saputra",
    "Wijaya",
    "Hidayat",
    "Pratama",
    "Nugroho",
    "Siregar",
    "Lubis",
    "Kurniawan",
    "Santoso",
    "Rahman",
    "Setiawan",
    "Simanjuntak",
    "Tanjung",
    "Susanto",
    "",
]


def cohort_plan() -> pd.DataFrame:
    """Libraries, regencies and provinces per cohort: published where known, else assumed."""
    published = pd.read_csv(PUBLISHED)
    rows = []
    for year, lib, reg, prov in published[["cohort_year", "libraries", "regencies", "provinces"]].itertuples(
        index=False
    ):
        assumed = DEMO_ASSUMPTIONS.get(year, (0, 0, 0))
        rows.append(
            {
                "cohort_year": int(year),
                "libraries": int(lib if pd.notna(lib) else assumed[0]),
                "regencies": int(reg if pd.notna(reg) else assumed[1]),
                "provinces": int(prov if pd.notna(prov) else assumed[2]),
            }
        )
    return pd.DataFrame(rows)


def _spread(rng: np.random.Generator, total: int, bins: int) -> np.ndarray:
    """`total` split over `bins`, each at least one."""
    return 1 + rng.multinomial(total - bins, np.full(bins, 1 / bins))


def _programme_libraries(rng: np.random.Generator, villages: pd.DataFrame) -> pd.DataFrame:
    # village libraries are in desa; DKI Jakarta has only kelurahan, so there those count
    province = villages["code"].str[:2]
    villages = villages[(villages["kind"] == "desa") | ~province.isin(province[villages["kind"] == "desa"])]
    used: set[str] = set()
    chosen = []
    by_regency = dict(tuple(villages.groupby(villages["code"].str[:5])))
    regencies_by_province = villages.groupby(villages["code"].str[:2])["code"].apply(lambda c: sorted(set(c.str[:5])))
    for plan in cohort_plan().itertuples(index=False):
        provinces = rng.choice(regencies_by_province.index, plan.provinces, replace=False)
        # one regency in each chosen province, the rest anywhere in them
        first = [rng.choice(regencies_by_province[p]) for p in provinces]
        pool = sorted(set(sum((regencies_by_province[p] for p in provinces), [])) - set(first))
        rest = list(rng.choice(pool, plan.regencies - len(first), replace=False))
        regencies = first + rest
        for regency, count in zip(regencies, _spread(rng, plan.libraries, len(regencies))):
            villages_here = by_regency[regency]
            candidates = villages_here[[code not in used for code in villages_here["code"]]]
            picked = candidates.sample(min(count, len(candidates)), random_state=rng)
            used.update(picked["code"])
            chosen.append(picked.assign(cohort_year=plan.cohort_year))
    return pd.concat(chosen, ignore_index=True)


def _national_libraries(rng: np.random.Generator, villages: pd.DataFrame) -> pd.DataFrame:
    cohorts = rng.choice(NATIONAL_COHORTS, len(villages))
    return villages.assign(cohort_year=cohorts).reset_index(drop=True)


def _libraries(rng, villages: pd.DataFrame, scale: str) -> pd.DataFrame:
    picked = _programme_libraries(rng, villages) if scale == "programme" else _national_libraries(rng, villages)
    n = len(picked)
    prefix = np.where(picked["kind"] == "kelurahan", "Perpustakaan Kelurahan ", "Perpustakaan Desa ")
    known = rng.random(n) < 0.6  # the rest have no coordinates: the village point places them
    jitter = rng.normal(0, 0.004, (n, 2))
    return pd.DataFrame(
        {
            "library_code": "PD-" + picked["code"].str.replace(".", "", regex=False),
            "village_code": picked["code"].to_numpy(),
            "name": prefix + picked["name"].to_numpy(),
            "cohort_year": picked["cohort_year"].to_numpy().astype(int),
            "funding": np.where(rng.random(n) < 0.8, "apbn", "replikasi"),
            "lat": np.where(known, picked["lat"].to_numpy() + jitter[:, 0], np.nan),
            "lon": np.where(known, picked["lon"].to_numpy() + jitter[:, 1], np.nan),
        }
    )


def _people(rng, libraries: pd.DataFrame) -> pd.DataFrame:
    staff = rng.choice([0, 1, 2], len(libraries), p=[0.3, 0.5, 0.2])
    per_library = staff + 1
    idx = np.repeat(np.arange(len(libraries)), per_library)
    seq = np.concatenate([np.arange(k) for k in per_library]) if len(per_library) else np.array([], int)
    female = rng.random(len(idx)) < 0.62
    given = np.where(female, rng.choice(GIVEN_F, len(idx)), rng.choice(GIVEN_M, len(idx)))
    names = pd.Series(given) + " " + pd.Series(rng.choice(FAMILY, len(idx)))
    codes = libraries["library_code"].to_numpy()[idx]
    return pd.DataFrame(
        {
            "person_code": pd.Series(codes) + "-P" + pd.Series(seq + 1).astype(str),
            "library_code": codes,
            "name": names.str.strip().to_numpy(),
            "role": np.where(seq == 0, "pengelola", "staf"),
            "gender": np.where(female, "P", "L"),
            "phone": ["08" + str(x) for x in rng.integers(1_100_000_000, 1_399_999_999, len(idx))],
        }
    )


def _training(rng, libraries: pd.DataFrame, people: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Bimtek SPP-TIK batches of 40 between March and June of each cohort year."""
    cohort = people["library_code"].map(libraries.set_index("library_code")["cohort_year"])
    is_manager = people["role"].eq("pengelola").to_numpy()
    attends = np.where(is_manager, rng.random(len(people)) < 0.9, rng.random(len(people)) < 0.3)
    batches, attendance = [], []
    for year in sorted(cohort.unique()):
        members = people[(cohort == year).to_numpy() & attends]
        n_batches = max(1, int(np.ceil(len(members) / 40)))
        starts = pd.to_datetime(f"{year}-03-01") + pd.to_timedelta(np.sort(rng.integers(0, 115, n_batches)), unit="D")
        online = rng.random(n_batches) < (0.85 if year in (2020, 2021) else 0.4)
        codes = [f"SPPTIK-{year}-{i + 1:03d}" for i in range(n_batches)]
        batches.append(
            pd.DataFrame(
                {
                    "batch_code": codes,
                    "name": [f"Bimtek SPP-TIK {year} Angkatan {i + 1}" for i in range(n_batches)],
                    "start_date": starts.date,
                    "end_date": (starts + pd.Timedelta(days=4)).date,
                    "place": np.where(online, "Daring", rng.choice(TRAINING_CITIES, n_batches)),
                    "mode": np.where(online, "daring", "luring"),
                }
            )
        )
        days = rng.choice([1, 2, 3, 4, 5], len(members), p=[0.03, 0.04, 0.08, 0.15, 0.70])
        pre = np.clip(rng.normal(55, 12, len(members)), 5, 100).round(1)
        post = np.where(days >= 4, np.clip(pre + rng.normal(18, 8, len(members)), 5, 100).round(1), np.nan)
        attendance.append(
            pd.DataFrame(
                {
                    "batch_code": np.array(codes)[np.arange(len(members)) * n_batches // max(len(members), 1)],
                    "person_code": members["person_code"].to_numpy(),
                    "days_attended": days,
                    "completed": days >= 4,
                    "pre_score": pre,
                    "post_score": post,
                }
            )
        )
    return pd.concat(batches, ignore_index=True), pd.concat(attendance, ignore_index=True)


def _meetings(rng, libraries: pd.DataFrame, regency_names: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per regency and cohort: two Peer Learning Meetings and one Stakeholder Meeting."""
    groups = libraries.assign(regency=libraries["village_code"].str[:5]).groupby(["regency", "cohort_year"])
    meetings, attendance = [], []
    for (regency, year), libs in groups:
        for i, (kind, month) in enumerate([("plm", 8), ("plm", 11), ("stakeholder", 10)]):
            code = f"MTG-{regency.replace('.', '')}-{year}-{i + 1}"
            meetings.append(
                (
                    code,
                    kind,
                    date(year, month, int(rng.integers(1, 28))),
                    f"Aula {regency_names.get(regency, regency)}",
                    regency,
                )
            )
            present = libs[rng.random(len(libs)) < 0.85]
            attendance.append(
                pd.DataFrame(
                    {
                        "meeting_code": code,
                        "library_code": present["library_code"],
                        "participants": rng.integers(1, 4, len(present)),
                    }
                )
            )
    meeting = pd.DataFrame(meetings, columns=["meeting_code", "kind", "meeting_date", "place", "regency_code"])
    return meeting, pd.concat(attendance, ignore_index=True)


def _activity_spans(rng, libraries: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per library: first and last day it is active (as day numbers) and its monthly rate."""
    start = pd.to_datetime(libraries["cohort_year"].astype(str) + "-07-01").to_numpy().astype("datetime64[D]")
    end_all = np.datetime64(AS_OF)
    profile = rng.choice(["active", "lapsed", "low", "never"], len(libraries), p=[0.65, 0.2, 0.08, 0.07])
    span = (end_all - start).astype(int)
    lapse_at = start + (rng.random(len(libraries)) * np.maximum(span - 100, 1)).astype(int)
    end = np.where(profile == "lapsed", lapse_at, end_all)
    rate = np.select(
        [profile == "active", profile == "low", profile == "lapsed"],
        [rng.gamma(4, 0.6, len(libraries)), rng.gamma(2, 0.2, len(libraries)), rng.gamma(4, 0.5, len(libraries))],
        0.0,
    )
    return start, end, rate


def _activities(rng, libraries: pd.DataFrame, per_library: float | None) -> pd.DataFrame:
    start, end, rate = _activity_spans(rng, libraries)
    months = np.maximum((end - start).astype(int), 0) / 30.4
    expected = rate * months
    if per_library:  # national scale: rescale to the target size
        expected = expected * per_library / max(expected.mean(), 1e-9)
    counts = rng.poisson(expected)
    idx = np.repeat(np.arange(len(libraries)), counts)
    n = len(idx)
    offset = (rng.random(n) * np.maximum((end - start).astype(int), 1)[idx]).astype(int)
    dates = start[idx] + offset
    kind = rng.integers(0, len(ACTIVITY_TYPES), n)
    skill = rng.integers(0, len(SKILLS), n)
    titles = np.array([[f"{t}: {s}" for s in SKILLS] for t in ACTIVITY_TYPES], dtype=object)
    seq = np.arange(n) - np.repeat(np.cumsum(counts) - counts, counts)
    codes = libraries["library_code"].to_numpy()[idx]
    has_partner = rng.random(n) < 0.3
    male = rng.poisson(8, n)
    typo = rng.random(n) < 0.0003  # a few entry errors (an extra zero or two) for the quality page
    male = np.where(typo, male * rng.choice([10, 100], n), male)
    return pd.DataFrame(
        {
            "activity_code": pd.Series(codes) + "-K" + pd.Series(seq + 1).astype(str),
            "library_code": codes,
            "activity_date": dates,
            "activity_type": np.array(ACTIVITY_TYPES, dtype=object)[kind],
            "skill_category": np.array(SKILLS, dtype=object)[skill],
            "title": titles[kind, skill],
            "participants_male": male,
            "participants_female": rng.poisson(11, n),
            "partner": np.where(has_partner, np.array(PARTNERS, dtype=object)[rng.integers(0, len(PARTNERS), n)], None),
        }
    )


def _monthly_reports(rng, libraries: pd.DataFrame) -> pd.DataFrame:
    first = pd.to_datetime(libraries["cohort_year"].astype(str) + "-07-01").to_numpy().astype("datetime64[M]")
    last_due = np.datetime64(AS_OF, "M") - 1
    profile = rng.choice(["regular", "stopped", "never"], len(libraries), p=[0.8, 0.12, 0.08])
    total = np.maximum((last_due - first).astype(int) + 1, 0)
    stop_after = (rng.random(len(libraries)) * total).astype(int)
    months = np.select([profile == "regular", profile == "stopped"], [total, stop_after], 0)
    idx = np.repeat(np.arange(len(libraries)), months)
    seq = np.arange(len(idx)) - np.repeat(np.cumsum(months) - months, months)
    month = first[idx] + seq
    lateness = rng.beta(1, 4, len(libraries))[idx]  # each library's habit
    late = rng.random(len(idx)) < lateness
    delay = np.where(late, rng.integers(11, 60, len(idx)), rng.integers(1, 11, len(idx)))
    submitted = (month + 1).astype("datetime64[D]") + delay - 1
    base = rng.lognormal(4.8, 0.6, len(libraries))[idx]
    visits = rng.poisson(base)
    joined = rng.poisson(3, len(idx))  # new members each month: membership only grows
    start = np.repeat(np.cumsum(months) - months, months)
    so_far = np.cumsum(joined)
    members = (base * 0.6).astype(int) + so_far - (so_far[start] - joined[start]) if len(idx) else joined
    frame = pd.DataFrame(
        {
            "library_code": libraries["library_code"].to_numpy()[idx],
            "report_month": month.astype("datetime64[D]"),
            "visits": visits,
            "loans": rng.binomial(visits, 0.4),
            "members": members,
            "submitted_on": submitted,
        }
    )
    return frame[frame["submitted_on"] <= np.datetime64(AS_OF)].reset_index(drop=True)


def _extras(rng, libraries: pd.DataFrame) -> dict[str, pd.DataFrame]:
    codes = libraries["library_code"].to_numpy()
    year = libraries["cohort_year"].to_numpy()

    def pick(mean: float):
        counts = rng.poisson(mean, len(codes))
        idx = np.repeat(np.arange(len(codes)), counts)
        seq = np.arange(len(idx)) - np.repeat(np.cumsum(counts) - counts, counts)
        when = (
            pd.to_datetime(pd.Series(year[idx]).astype(str) + "-08-01")
            + pd.to_timedelta(rng.integers(0, 700, len(idx)), unit="D")
        ).clip(upper=pd.Timestamp(AS_OF))
        return idx, seq + 1, when.dt.date.to_numpy()

    idx, seq, when = pick(1.2)
    partner = rng.integers(0, len(PARTNERS), len(idx))
    partnership = pd.DataFrame(
        {
            "partnership_code": pd.Series(codes[idx]) + "-M" + pd.Series(seq).astype(str),
            "library_code": codes[idx],
            "partner_name": np.array(PARTNERS, dtype=object)[partner],
            "partner_kind": np.array([PARTNER_KINDS[name] for name in PARTNERS], dtype=object)[partner],
            "mou_signed_on": np.where(rng.random(len(idx)) < 0.6, when, None),
            "description": "Kerja sama kegiatan pemberdayaan masyarakat",
        }
    )
    idx, seq, when = pick(0.8)
    kind = rng.integers(0, len(AID_KINDS), len(idx))
    aid = pd.DataFrame(
        {
            "aid_code": pd.Series(codes[idx]) + "-B" + pd.Series(seq).astype(str),
            "library_code": codes[idx],
            "received_on": when,
            "source": np.array(AID_SOURCES, dtype=object)[rng.integers(0, len(AID_SOURCES), len(idx))],
            "kind": np.array(AID_KINDS, dtype=object)[kind],
            "description": np.array(AID_KINDS, dtype=object)[kind],
            "value_idr": rng.integers(5, 150, len(idx)) * 1_000_000,
        }
    )
    idx, seq, when = pick(0.12)
    skill = np.array(SKILLS, dtype=object)[rng.integers(0, len(SKILLS), len(idx))]
    story = pd.DataFrame(
        {
            "story_code": pd.Series(codes[idx]) + "-S" + pd.Series(seq).astype(str),
            "library_code": codes[idx],
            "published_on": when,
            "title": "Warga berdaya lewat pelatihan " + pd.Series(skill).str.lower(),
            "summary": "Setelah pelatihan di perpustakaan desa, peserta memulai usaha dan berbagi "
            "keterampilannya dengan tetangga.",
        }
    )
    return {"partnership": partnership, "aid": aid, "success_story": story}


def generate(
    villages: pd.DataFrame, regency_names: pd.Series, scale: str = "programme", seed: int = SEED
) -> dict[str, pd.DataFrame]:
    """All demo records, keyed by record kind. `villages` is the reference village table."""
    if scale not in ("programme", "national"):
        raise ValueError(f"unknown scale {scale!r}")
    rng = np.random.default_rng(seed)
    libraries = _libraries(rng, villages.sort_values("code"), scale)
    people = _people(rng, libraries)
    batches, attendance = _training(rng, libraries, people)
    meetings, meeting_attendance = _meetings(rng, libraries, regency_names)
    records = {
        "library": libraries,
        "person": people,
        "training_batch": batches,
        "training_attendance": attendance,
        "meeting": meetings,
        "meeting_attendance": meeting_attendance,
        "activity": _activities(rng, libraries, NATIONAL_ACTIVITIES_PER_LIBRARY if scale == "national" else None),
        "monthly_report": _monthly_reports(rng, libraries),
    }
    records.update(_extras(rng, libraries))
    return records


def demo_facts(scale: str, seed: int = SEED) -> dict[str, str]:
    return {"is_demo": "1", "as_of": AS_OF.isoformat(), "source": f"demo:{scale}:seed={seed}"}


def write_csv(records: dict[str, pd.DataFrame], folder: Path) -> None:
    """A readable copy of the demo records, one CSV per record kind."""
    folder.mkdir(parents=True, exist_ok=True)
    for kind, frame in records.items():
        frame.to_csv(folder / f"{kind}.csv", index=False)
