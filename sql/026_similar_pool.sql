-- 026_similar_pool: what the similar areas of each level and indeling were
-- chosen among, so a profile can say it ("gezocht onder alle 3.150 wijken
-- van Nederland, CBS Kerncijfers wijken en buurten 2024") instead of citing
-- the KWB without its period or pool.  Filled with bp.similar_area by
-- lib/engine/similar.c, in the same transaction.
CREATE TABLE bp.similar_area_pool (
    indeling_year integer NOT NULL,
    level         text    NOT NULL,
    period        text    NOT NULL,   -- the baseline period of the KWB figures compared
    n_areas       integer NOT NULL CHECK (n_areas > 0),
    n_gemeenten   integer NOT NULL CHECK (n_gemeenten > 0),
    PRIMARY KEY (indeling_year, level)
);

GRANT SELECT ON bp.similar_area_pool TO buurtpeil_publish, buurtpeil_survey;

-- The next compute rebuilds the similar areas, and with them their pool.
DELETE FROM bp.similar_area_basis;
