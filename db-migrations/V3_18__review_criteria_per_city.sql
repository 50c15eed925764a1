-- 五议五不议 per city (DESIGN §4: "the default criteria, editable by the city admin"). Until now one set served every
-- city of the installation, and any city's admin changed it for all. The rows there are become the installation's
-- defaults (no city). A city uses the defaults until its admin first adds or changes a criterion; the API then copies the
-- defaults into the city's own set, in the same transaction, and changes the copy. Nothing is copied here, so topics
-- that cite a criterion keep citing the same row.
-- ON DELETE CASCADE: a city's set goes with its region (regions are not deleted in service; the tests' reset does).
ALTER TABLE review_criteria
    ADD COLUMN city_id BIGINT NULL AFTER id,
    DROP INDEX ux_review_criteria_title,
    ADD UNIQUE KEY ux_review_criteria_city_title (city_id, title),
    ADD CONSTRAINT fk_review_criteria_city FOREIGN KEY (city_id) REFERENCES regions (id) ON DELETE CASCADE;
