-- 021_crosswalk: which share of each area of one indeling lies in each area
-- of another (buurtpeil crosswalk build), so that values can be carried
-- across boundary changes.
--
-- Computed from bp.area_geometry (GEOS, lib/import/crosswalk.c); no PostGIS.
-- A crosswalk is one (level, from_year, to_year); building it again replaces
-- it.  share = weight of (from ∩ to) / weight of from, where the weight is
-- the number of inhabitants when finer areas with inhabitants exist
-- (method 'population': the inhabitants of each finer area spread evenly
-- over its surface), else the surface in m² (method 'area').  A from-area
-- whose borders equal a to-area's within the tolerance is 'identical':
-- one row with share 1, never an approximation.
CREATE TABLE bp.crosswalk (
    id                bigserial PRIMARY KEY,
    level             bp.area_level NOT NULL,
    from_year         integer NOT NULL,
    to_year           integer NOT NULL,
    method            text    NOT NULL CHECK (method IN ('population', 'area')),
    -- method 'population': the finer areas and figure that weighed
    weight_level      bp.area_level,
    weight_year       integer,
    weight_variable   text,
    weight_period     text,
    tolerance         double precision NOT NULL,   -- share of an area: identical, and slivers dropped
    from_source_ids   bigint[] NOT NULL,           -- bp.area_geometry's sources read
    to_source_ids     bigint[] NOT NULL,
    weight_source_ids bigint[] NOT NULL DEFAULT '{}',
    n_from            integer NOT NULL,
    n_to              integer NOT NULL,
    n_identical       integer NOT NULL,
    n_unmatched       integer NOT NULL,            -- from-areas overlapping no to-area
    n_area_fallback   integer NOT NULL DEFAULT 0,  -- method 'population': from-areas without inhabitants, weighed by surface
    built_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (level, from_year, to_year),
    CHECK (from_year <> to_year),
    CHECK ((method = 'population') = (weight_variable IS NOT NULL))
);

CREATE TABLE bp.crosswalk_share (
    crosswalk_id  bigint NOT NULL REFERENCES bp.crosswalk ON DELETE CASCADE,
    from_code     text   NOT NULL,
    to_code       text   NOT NULL,
    share         double precision NOT NULL CHECK (share > 0 AND share <= 1),
    weight        double precision NOT NULL CHECK (weight >= 0),  -- inhabitants or m² of from ∩ to
    area_m2       double precision NOT NULL CHECK (area_m2 >= 0), -- surface of from ∩ to
    identical     boolean NOT NULL,
    PRIMARY KEY (crosswalk_id, from_code, to_code),
    CHECK (NOT identical OR share = 1)
);
CREATE INDEX crosswalk_share_to_idx ON bp.crosswalk_share (crosswalk_id, to_code);
