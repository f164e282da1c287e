-- 034: which values are published figures of an area-level survey.
--
-- A published share (kind published_share) loaded by `import survey-results`
-- is a survey figure: it has sampling error whether or not the file gave its
-- bounds and respondents.  The bounds and respondents are kept per
-- observation where given (sql/008, bp.observation_interval), but a figure
-- that came with neither left no trace of being a survey's on its value, so
-- the value's interval basis (lib/engine/interval_basis.c) called it a count
-- of the whole population.  compute now marks the value from the vintage it
-- was read from (bp.source.importer 'survey-results'); every other value,
-- and a custom area's aggregate, is false.
ALTER TABLE bp.indicator_value ADD COLUMN survey_result boolean NOT NULL DEFAULT false;

-- The same for a value carried into another indeling (lib/engine/translate.c):
-- true where every contributor with a row is a survey result.  It matters
-- where the borders are the same ('identical'), whose value keeps its
-- source's basis; an apportioned value has its own basis either way.
ALTER TABLE bp.indicator_value_translated ADD COLUMN survey_result boolean NOT NULL DEFAULT false;
