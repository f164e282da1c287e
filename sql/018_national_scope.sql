-- 018: what a distribution covers, so that no page calls a percentile,
-- worst-decile flag, z-score or composite "landelijk" (national) unless it
-- was computed over all of Nederland (issue 16).
--
-- A distribution is an indicator's values of one level, indeling and period
-- (compare_rank.c ranks within it).  It is national when its areas come from
-- every gemeente of that indeling: a national source has a row (a value or a
-- CBS symbol) for the areas of every gemeente, a monitor's own slice or a
-- gemeente's survey has not.  The number of gemeenten per indeling is a
-- public fact, not something the loaded data can tell (a monitor that loaded
-- two gemeenten would otherwise look complete): CBS, "Gemeentelijke indeling
-- op 1 januari" of each year.  2019-2024 are also the counts in the bundled
-- all-NL files (KWB 2021/2022/2024, RIVM 50090NED indeling 2020, buurten
-- 2019, gemeenten 2017).  A year not listed is never called national.

CREATE TABLE bp.indeling_gemeenten (
    indeling_year integer PRIMARY KEY,
    n_gemeenten   integer NOT NULL CHECK (n_gemeenten > 0)
);
INSERT INTO bp.indeling_gemeenten VALUES
    (2012, 415), (2013, 408), (2014, 403), (2015, 393), (2016, 390), (2017, 388), (2018, 380),
    (2019, 355), (2020, 355), (2021, 352), (2022, 345), (2023, 342), (2024, 342), (2025, 342);

-- Written by compare with the ranks (compare_rank.c), one row per
-- distribution; emptied with them.  Logged: it is small, and a page must
-- never read a scope that a crash emptied as "no areas".
CREATE TABLE bp.comparison_scope (
    indicator_id  text    NOT NULL,
    level         text    NOT NULL,
    indeling_year integer NOT NULL,
    period        text    NOT NULL,
    n_areas       integer NOT NULL,  -- areas with a row: a value, or suppressed / a CBS symbol
    n_ranked      integer NOT NULL,  -- areas with a published value: what a percentile is out of
    n_gemeenten   integer NOT NULL,  -- distinct gemeenten of those areas
    PRIMARY KEY (indicator_id, level, indeling_year, period)
);

-- national: the areas come from every gemeente of the indeling.
CREATE VIEW bp.distribution_scope AS
SELECT s.indicator_id, s.level, s.indeling_year, s.period, s.n_areas, s.n_ranked, s.n_gemeenten,
       g.n_gemeenten AS n_gemeenten_nl,
       coalesce(s.level <> 'custom' AND s.n_gemeenten >= g.n_gemeenten, false) AS national
  FROM bp.comparison_scope s
  LEFT JOIN bp.indeling_gemeenten g USING (indeling_year);

-- A database made before this migration has comparisons but no scopes: the
-- next compute rebuilds them (without a basis they are not current, and
-- report and publish refuse to run until then: bp_compare_require_current).
DELETE FROM bp.comparison_basis;

GRANT SELECT ON bp.indeling_gemeenten, bp.comparison_scope, bp.distribution_scope
  TO buurtpeil_publish, buurtpeil_survey;
