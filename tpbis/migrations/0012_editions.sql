-- Today's Kemendagri map beside the programme's (Permendagri 72/2019): 38 provinces since
-- Papua and Papua Barat split into six in 2022. Records keep their 2019 codes; a view in
-- today's edition maps a regency to its province through regency_2022 (tpbis/editions.py,
-- filled from data/regency_crosswalk_2022.csv).
CREATE TABLE province_2022 (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE regency_2022 (
    regency_code TEXT PRIMARY KEY,   -- the 2019 code, as records keep it
    code TEXT NOT NULL UNIQUE,       -- today's code
    province_code TEXT NOT NULL,     -- today's province
    name TEXT NOT NULL               -- today's name
)
