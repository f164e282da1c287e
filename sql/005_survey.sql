-- 005_survey: resident surveys (VNG Burgerpeiling and the like).
--
-- Respondent-level data (microdata) live in schema survey_private, which
-- only the role buurtpeil_survey (and the owner) may read.  Everything a
-- report or a published file may use lives in bp: what a survey is, its
-- questions and categories, and per area the sums an estimator needs
-- (n, sum of weights, sum of squared weights).  The role buurtpeil_publish,
-- for rendering and publishing, can read bp but not survey_private, so
-- nothing published can reach a respondent's row.

-- Roles are cluster-wide and may already exist (another database on the
-- same server, a DBA who made them): create each only when missing.  On a
-- server where we may not create roles, stop with a message that says what
-- to do rather than leaving half a privacy setup.
DO $$
DECLARE
    may_create boolean;
BEGIN
    SELECT rolsuper OR rolcreaterole INTO may_create FROM pg_roles WHERE rolname = current_user;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'buurtpeil_survey')
       OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'buurtpeil_publish') THEN
        IF NOT may_create THEN
            RAISE EXCEPTION 'the roles buurtpeil_survey and buurtpeil_publish do not exist and % may not create roles', current_user
                USING HINT = 'ask the database administrator to run: CREATE ROLE buurtpeil_survey NOLOGIN; CREATE ROLE buurtpeil_publish NOLOGIN; or to grant CREATEROLE';
        END IF;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'buurtpeil_survey') THEN
        CREATE ROLE buurtpeil_survey NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'buurtpeil_publish') THEN
        CREATE ROLE buurtpeil_publish NOLOGIN;
    END IF;
END
$$;

-- ---------------------------------------------------------------- bp

-- One survey of one gemeente in one period: a file covering two gemeenten
-- makes two rows, so that a corrected file for one gemeente replaces only
-- that gemeente's respondents.
CREATE TABLE bp.survey (
    id              bigserial PRIMARY KEY,
    name            text    NOT NULL,            -- from the mapping, e.g. burgerpeiling-2022
    title           text    NOT NULL,
    period          text    NOT NULL,            -- as indicator periods: '2022'
    fieldwork_start date,
    fieldwork_end   date,
    gemeente_code   text    NOT NULL,
    indeling_year   integer NOT NULL,            -- the indeling the area codes belong to
    source_id       bigint  NOT NULL REFERENCES bp.source,
    mapping_file    text,
    mapping_hash    text    NOT NULL,
    synthetic       boolean NOT NULL DEFAULT false,  -- generated data: every output must say so
    respondents     integer NOT NULL,
    skipped_rows    integer NOT NULL DEFAULT 0,  -- rows left out by --skip-invalid
    UNIQUE (name, period, gemeente_code)
);

CREATE TABLE bp.survey_question (
    survey_id      bigint  NOT NULL REFERENCES bp.survey ON DELETE CASCADE,
    question       text    NOT NULL,             -- the file's variable name, e.g. zw04
    label          text,
    theme          text,
    missing_codes  integer[] NOT NULL DEFAULT '{}',  -- 'weet niet', 'geen antwoord': not in the base
    PRIMARY KEY (survey_id, question)
);

CREATE TABLE bp.survey_category (
    survey_id  bigint  NOT NULL,
    question   text    NOT NULL,
    category   text    NOT NULL,                 -- e.g. eenzaam
    label      text,
    ord        integer NOT NULL,
    codes      integer[] NOT NULL,               -- answer codes grouped into it
    PRIMARY KEY (survey_id, question, category),
    FOREIGN KEY (survey_id, question) REFERENCES bp.survey_question ON DELETE CASCADE
);

-- Per area (the respondent's buurt or wijk, its wijk, its gemeente),
-- question and category: respondents, sum of weights, sum of squared
-- weights, and the same for the base (every answer not a missing code), so
-- that a weighted share is sum_w / base_sum_w and its effective sample size
-- base_sum_w^2 / base_sum_w2.  Categories nobody chose have a row with 0.
CREATE TABLE bp.survey_aggregate (
    survey_id      bigint  NOT NULL REFERENCES bp.survey ON DELETE CASCADE,
    area_code      text    NOT NULL,
    indeling_year  integer NOT NULL,
    period         text    NOT NULL,
    question       text    NOT NULL,
    category       text    NOT NULL,
    n_unweighted   integer NOT NULL,
    sum_w          double precision NOT NULL,
    sum_w2         double precision NOT NULL,
    base_n         integer NOT NULL,
    base_sum_w     double precision NOT NULL,
    base_sum_w2    double precision NOT NULL,
    gemeente_code  text,
    PRIMARY KEY (survey_id, area_code, question, category),
    FOREIGN KEY (area_code, indeling_year) REFERENCES bp.area (code, indeling_year)
);
CREATE INDEX survey_aggregate_area_idx ON bp.survey_aggregate (area_code, indeling_year, question);

-- ---------------------------------------------------------------- survey_private

CREATE SCHEMA survey_private;
REVOKE ALL ON SCHEMA survey_private FROM PUBLIC;

CREATE TABLE survey_private.respondent (
    survey_id      bigint  NOT NULL REFERENCES bp.survey ON DELETE CASCADE,
    respondent_id  text    NOT NULL,
    area_code      text    NOT NULL,             -- bp.area(code, indeling_year)
    indeling_year  integer NOT NULL,
    weight         double precision NOT NULL CHECK (weight > 0),
    row_number     integer NOT NULL,             -- data row in the file, for questions back to the bureau
    PRIMARY KEY (survey_id, respondent_id)
);

-- Long form: one answer per row, the code exactly as in the file (missing
-- codes included: nothing lost).  An empty cell (not asked, system missing)
-- has no row.  No foreign key: the importer writes respondent and answers
-- in one transaction and deletes both when a survey is replaced.
CREATE TABLE survey_private.answer (
    survey_id      bigint  NOT NULL,
    respondent_id  text    NOT NULL,
    question       text    NOT NULL,
    code           integer NOT NULL,
    PRIMARY KEY (survey_id, respondent_id, question)
);

-- ---------------------------------------------------------------- privileges

GRANT USAGE ON SCHEMA bp TO buurtpeil_publish, buurtpeil_survey;
GRANT SELECT ON ALL TABLES IN SCHEMA bp TO buurtpeil_publish, buurtpeil_survey;
-- Tables later migrations add to bp are readable too.
ALTER DEFAULT PRIVILEGES IN SCHEMA bp GRANT SELECT ON TABLES TO buurtpeil_publish, buurtpeil_survey;

GRANT USAGE ON SCHEMA survey_private TO buurtpeil_survey;
GRANT SELECT ON ALL TABLES IN SCHEMA survey_private TO buurtpeil_survey;
ALTER DEFAULT PRIVILEGES IN SCHEMA survey_private GRANT SELECT ON TABLES TO buurtpeil_survey;
-- Explicitly none for publishing, also should someone grant PUBLIC later.
REVOKE ALL ON ALL TABLES IN SCHEMA survey_private FROM PUBLIC, buurtpeil_publish;
