-- 003_custom_areas: areas a user defines as a list of buurten or wijken
-- (a dorp or kern that is not a CBS wijk, a community centre's catchment).
-- The area itself is a row of bp.area with level 'custom', code 'CU' + id
-- and the gemeente as parent, so that indicator values refer to it like to
-- any other area; these tables say what it is made of.

CREATE TABLE bp.custom_area (
    code             text    NOT NULL,          -- 'CU' || id
    indeling_year    integer NOT NULL,          -- the indeling its members belong to
    id               text    NOT NULL,          -- as in areas/*.yaml, e.g. oss-dorpshuis-berghem
    kind             text    NOT NULL CHECK (kind IN ('dorp', 'kern', 'verzorgingsgebied')),
    definition_file  text,
    PRIMARY KEY (code, indeling_year),
    UNIQUE (id, indeling_year),
    FOREIGN KEY (code, indeling_year) REFERENCES bp.area (code, indeling_year) ON DELETE CASCADE
);

CREATE TABLE bp.custom_area_member (
    custom_code    text    NOT NULL,
    indeling_year  integer NOT NULL,
    member_code    text    NOT NULL,            -- a buurt or wijk of the same indeling
    PRIMARY KEY (custom_code, indeling_year, member_code),
    FOREIGN KEY (custom_code, indeling_year) REFERENCES bp.custom_area (code, indeling_year) ON DELETE CASCADE,
    FOREIGN KEY (member_code, indeling_year) REFERENCES bp.area (code, indeling_year)
);
CREATE INDEX custom_area_member_member_idx ON bp.custom_area_member (member_code, indeling_year);

-- A value that is not published but estimated by buurtpeil: a published
-- share aggregated over a custom area's members (sum of share x base over
-- sum of base).  Ratios summed from counts are not estimates.
ALTER TABLE bp.indicator_value ADD COLUMN estimate boolean NOT NULL DEFAULT false;

-- The RIVM Gezondheidsmonitor variables (table 50090NED) that shipped
-- indicators (indicators/*.yaml, kind published_share) refer to.  Known
-- here, before any import, so that a database without RIVM data computes
-- those indicators as "no observations, skipped" while a mistyped code
-- remains an error.  The importer keeps these rows (ON CONFLICT DO NOTHING).
INSERT INTO bp.variable (code, title, unit, decimals) VALUES
    ('Eenzaam',                   'Eenzaam',                      '%', 1),
    ('ErnstigZeerErnstigEenzaam', 'Ernstig zeer ernstig eenzaam', '%', 1),
    ('Mantelzorger',              'Mantelzorger',                 '%', 1),
    ('Vrijwilligerswerk',         'Vrijwilligerswerk',            '%', 1),
    ('MoeiteMetRondkomen',        'Moeite met rondkomen',         '%', 1)
ON CONFLICT (code) DO NOTHING;
