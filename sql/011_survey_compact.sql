-- 011_survey_compact: survey microdata in one row per respondent.
--
-- 005 kept every answer as its own row of survey_private.answer (survey,
-- respondent id, question, code, with a primary key over three columns).
-- At 200,000 respondents x 100 questions that is 19M rows and the COPY alone
-- took 30-37 s, most of it maintaining the key.  Now a respondent's answers
-- are one integer[] on its survey_private.respondent row, in question order
-- (bp.survey_question.ord, 1-based); an empty cell (not asked, system
-- missing) is NULL in the array.  The codes are still exactly as in the file,
-- missing codes included.  survey_private.answer stays, as a view with the
-- long form, for whoever queries microdata by question (buurtpeil_survey).
--
-- The importer COPYs respondents while it reads the file, before it knows
-- which gemeenten (bp.survey rows) the file covers; the survey rows follow
-- in the same transaction.  A foreign key to bp.survey would then have to be
-- deferred, and its 200,000 row-by-row checks at commit cost about 1 s of a
-- 10 s budget.  So the key goes; only the importer writes respondents, and it
-- writes the survey row of every id it used in the same transaction.  What
-- the key's ON DELETE CASCADE did, statement triggers on bp.survey now do
-- (DELETE and TRUNCATE ... CASCADE of bp.survey both remove the respondents).

ALTER TABLE bp.survey_question ADD COLUMN ord integer;
-- Surveys loaded under 005: the file's question order was not kept; name order will do.
UPDATE bp.survey_question q SET ord = o.ord
  FROM (SELECT survey_id, question, row_number() OVER (PARTITION BY survey_id ORDER BY question) AS ord
          FROM bp.survey_question) o
 WHERE o.survey_id = q.survey_id AND o.question = q.question;
ALTER TABLE bp.survey_question ALTER COLUMN ord SET NOT NULL;
ALTER TABLE bp.survey_question ADD UNIQUE (survey_id, ord);

ALTER TABLE survey_private.respondent ADD COLUMN answers integer[];
UPDATE survey_private.respondent r SET answers = coalesce(
  (SELECT array_agg(a.code ORDER BY q.ord)
     FROM bp.survey_question q
     LEFT JOIN survey_private.answer a
       ON a.survey_id = q.survey_id AND a.question = q.question AND a.respondent_id = r.respondent_id
    WHERE q.survey_id = r.survey_id), '{}');
ALTER TABLE survey_private.respondent ALTER COLUMN answers SET NOT NULL;

ALTER TABLE survey_private.respondent DROP CONSTRAINT respondent_survey_id_fkey;

CREATE FUNCTION survey_private.respondents_of_deleted_surveys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM survey_private.respondent r USING deleted_survey d WHERE r.survey_id = d.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER survey_respondents_delete AFTER DELETE ON bp.survey
    REFERENCING OLD TABLE AS deleted_survey
    FOR EACH STATEMENT EXECUTE FUNCTION survey_private.respondents_of_deleted_surveys();

CREATE FUNCTION survey_private.respondents_of_truncated_surveys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE survey_private.respondent;
    RETURN NULL;
END
$$;
CREATE TRIGGER survey_respondents_truncate AFTER TRUNCATE ON bp.survey
    FOR EACH STATEMENT EXECUTE FUNCTION survey_private.respondents_of_truncated_surveys();
REVOKE ALL ON FUNCTION survey_private.respondents_of_deleted_surveys(), survey_private.respondents_of_truncated_surveys() FROM PUBLIC;

DROP TABLE survey_private.answer;
CREATE VIEW survey_private.answer AS
SELECT r.survey_id, r.respondent_id, q.question, a.code
  FROM survey_private.respondent r
 CROSS JOIN LATERAL unnest(r.answers) WITH ORDINALITY AS a(code, ord)
  JOIN bp.survey_question q ON q.survey_id = r.survey_id AND q.ord = a.ord
 WHERE a.code IS NOT NULL;

-- The same privileges as the table it replaces: the survey role only.
REVOKE ALL ON survey_private.answer FROM PUBLIC, buurtpeil_publish;
GRANT SELECT ON survey_private.answer TO buurtpeil_survey;

-- Reports and published files run as buurtpeil_publish (SET ROLE after
-- connecting): the user that runs buurtpeil must be a member.  A superuser
-- may SET ROLE to any role; anyone else is granted it here when allowed.
DO $$
BEGIN
    IF NOT pg_has_role(current_user, 'buurtpeil_publish', 'MEMBER') THEN
        EXECUTE format('GRANT buurtpeil_publish TO %I', current_user);
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE EXCEPTION '% may not SET ROLE buurtpeil_publish and may not grant it', current_user
        USING HINT = format('ask the database administrator to run: GRANT buurtpeil_publish TO %I', current_user);
END
$$;
