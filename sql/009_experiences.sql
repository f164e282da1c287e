-- 009_experiences: residents' and professionals' experiences (stories,
-- quotes, ratings) per area, theme and date, imported from CSV or YAML by
-- `buurtpeil import experiences` (lib/import/experiences.c).
--
-- Privacy: a row whose text holds an e-mail address, a phone number or a
-- name is refused by the importer and never stored.  Rows without consent
-- are stored (the municipality keeps its own record of what was said) but
-- never published: the publishing role reads only the view
-- bp.experience_published, not the table (defence in depth besides the
-- query API in lib/engine/experience.c, which reads the view too).
CREATE TABLE bp.experience (
    source_id       bigint  NOT NULL REFERENCES bp.source ON DELETE CASCADE,
    row_number      integer NOT NULL CHECK (row_number >= 1),  -- data row in the file (1 = first), or YAML item
    line            integer NOT NULL,            -- where the row starts in the file
    collection      text    NOT NULL,            -- the file's name without folder: a corrected file replaces its collection
    area_code       text    NOT NULL,            -- bp.area(code, indeling_year); CBS code or 'CU' || custom id
    indeling_year   integer NOT NULL,
    gemeente_code   text,
    theme           text    NOT NULL,            -- the themes of indicators/*.yaml
    date            date    NOT NULL,            -- when it was said or given
    role            text    NOT NULL CHECK (role IN ('bewoner', 'professional', 'raadslid', 'vrijwilliger')),
    kind            text    NOT NULL CHECK (kind IN ('story', 'quote', 'rating')),
    text            text,                        -- the story or quote; optional with a rating
    rating          smallint CHECK (rating BETWEEN 1 AND 10),   -- waardering 1-10
    consent         boolean NOT NULL,            -- published only when true
    example         boolean NOT NULL DEFAULT false,  -- a voorbeeld (fictional), shown as such
    source_note     text,                        -- where it was collected (a meeting, a panel), no person
    intervention_id text,                        -- optional: the intervention it is about (bp.intervention id)
    PRIMARY KEY (source_id, row_number),
    CHECK (kind <> 'rating' OR rating IS NOT NULL),
    CHECK (kind = 'rating' OR (text IS NOT NULL AND text <> ''))
);
CREATE INDEX experience_area_idx ON bp.experience (area_code, theme);
CREATE INDEX experience_collection_idx ON bp.experience (collection);

-- What may be published: consented rows only.
CREATE VIEW bp.experience_published AS
    SELECT source_id, row_number, area_code, indeling_year, gemeente_code, theme, date,
           role, kind, text, rating, example, source_note, intervention_id
      FROM bp.experience
     WHERE consent;

-- 005's default privileges made the table readable for publishing: take
-- that back; the view is what publishing reads.
REVOKE ALL ON bp.experience FROM PUBLIC, buurtpeil_publish;
GRANT SELECT ON bp.experience_published TO buurtpeil_publish;
