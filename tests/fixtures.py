"""One small, hand-countable programme on real Kemendagri villages, shared by the unit tests.

Two provinces, three regencies, six libraries. As of 2024-12-31:
  library  village          cohort  manager trained?        activity within 90 days?
  L1       32.01.01.1001    2022    yes (completed)         yes (2024-12-01, 5 + 7 people)
  L2       32.01.01.1002    2022    no (2 days, incomplete)  no (last 2024-06-01)
  L3       32.04.05.2001    2021    yes                      yes (2024-11-15)
  L4       33.01.01.2001    2022    not registered           no activity at all
  L5       33.01.01.2002    2023    yes, but batch ends 2025 no
  L6       33.01.01.2003    2023    yes                      yes (2024-10-10)
"""

from __future__ import annotations

from datetime import date

import pandas as pd

AS_OF = date(2024, 12, 31)
VILLAGES = ["32.01.01.1001", "32.01.01.1002", "32.04.05.2001", "33.01.01.2001", "33.01.01.2002", "33.01.01.2003"]


def small_records() -> dict[str, pd.DataFrame]:
    library = pd.DataFrame(
        {
            "library_code": [f"L{i}" for i in range(1, 7)],
            "village_code": VILLAGES,
            "name": [f"Perpustakaan Uji {i}" for i in range(1, 7)],
            "cohort_year": [2022, 2022, 2021, 2022, 2023, 2023],
            "funding": ["apbn"] * 5 + ["replikasi"],
            "lat": [None] * 6,
            "lon": [None] * 6,
        }
    )
    person = pd.DataFrame(
        {
            "person_code": [f"P{i}" for i in range(1, 7)] + ["S1"],
            "library_code": [f"L{i}" for i in range(1, 7)] + ["L1"],
            "name": ["Siti", "Budi", "Ani", "Joko", "Rina", "Made", "Dewi"],
            "role": ["pengelola"] * 6 + ["staf"],
            "gender": ["P", "L", "P", "L", "P", "L", "P"],
            "phone": [None] * 7,
        }
    )
    training_batch = pd.DataFrame(
        {
            "batch_code": ["B2022", "B2021", "B2025"],
            "name": ["Bimtek SPP-TIK 2022", "Bimtek SPP-TIK 2021", "Bimtek SPP-TIK 2025"],
            "start_date": [date(2022, 3, 7), date(2021, 4, 5), date(2025, 3, 3)],
            "end_date": [date(2022, 3, 11), date(2021, 4, 9), date(2025, 3, 7)],
            "place": ["Daring", "Bandung", "Jakarta"],
            "mode": ["daring", "luring", "luring"],
        }
    )
    training_attendance = pd.DataFrame(
        {
            "batch_code": ["B2022", "B2022", "B2021", "B2025", "B2022", "B2022"],
            "person_code": ["P1", "P2", "P3", "P5", "P6", "S1"],
            "days_attended": [5, 2, 5, 5, 4, 5],
            "completed": [True, False, True, True, True, True],
            "pre_score": [50.0, 40.0, 60.0, 55.0, 45.0, 70.0],
            "post_score": [80.0, None, 75.0, 70.0, 65.0, 90.0],
        }
    )
    activity = pd.DataFrame(
        {
            "activity_code": ["A1", "A2", "A3", "A4", "A5"],
            "library_code": ["L1", "L2", "L3", "L6", "L1"],
            "activity_date": [
                date(2024, 12, 1),
                date(2024, 6, 1),
                date(2024, 11, 15),
                date(2024, 10, 10),
                date(2023, 5, 5),
            ],
            "activity_type": ["Literasi anak"] * 5,
            "skill_category": ["Literasi dasar"] * 5,
            "title": ["Dongeng", "Dongeng", "Dongeng", "Dongeng", "Dongeng"],
            "participants_male": [5, 3, 2, 1, 4],
            "participants_female": [7, 3, 2, 1, 4],
            "partner": [None] * 5,
        }
    )
    return {
        "library": library,
        "person": person,
        "training_batch": training_batch,
        "training_attendance": training_attendance,
        "activity": activity,
    }
