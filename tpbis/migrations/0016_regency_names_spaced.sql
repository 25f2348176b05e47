-- Seven regency names the Kemendagri list (base.csv) runs together, as Permendagri 72/2019 and
-- today's list write them (tpbis/geography.py, _RUN_TOGETHER). A fresh load already has them.
UPDATE regency SET name = 'Kab. Ogan Komering Ulu Timur' WHERE code = '16.08' AND name = 'Kab. Ogan Komering Ulutimur';
UPDATE regency SET name = 'Kab. Ogan Komering Ulu Selatan' WHERE code = '16.09' AND name = 'Kab. Ogan Komering Uluselatan';
UPDATE regency SET name = 'Kab. Penukal Abab Lematang Ilir' WHERE code = '16.12' AND name = 'Kab. Penukal Abab Lematangilir';
UPDATE regency SET name = 'Kab. Bolaang Mongondow Utara' WHERE code = '71.08' AND name = 'Kab. Bolaang Mongondowutara';
UPDATE regency SET name = 'Kab. Kep. Siau Tagulandang Biaro' WHERE code = '71.09' AND name = 'Kab. Kep. Siau Tagulandangbiaro';
UPDATE regency SET name = 'Kab. Bolaang Mongondow Timur' WHERE code = '71.10' AND name = 'Kab. Bolaang Mongondowtimur';
UPDATE regency SET name = 'Kab. Bolaang Mongondow Selatan' WHERE code = '71.11' AND name = 'Kab. Bolaang Mongondowselatan';
