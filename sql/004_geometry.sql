-- 004_geometry: area borders for maps (buurtpeil import geojson).
--
-- No PostGIS: buurtpeil runs on its embedded cluster or on a server the
-- user configures, where the extension may be missing.  Shapes are parsed,
-- transformed (PROJ) and simplified (GEOS) by the importer and stored as
-- OGC WKB, which PostGIS reads as it is (ST_GeomFromWKB(geom_full, 28992))
-- should a server have it.
--
-- geom_full, geom_simple: little-endian 2D WKB, always a MultiPolygon (type 6),
-- coordinates in RD New metres (x east, y north).  geom_simple is
-- GEOSTopologyPreserveSimplify of geom_full with simple_tolerance metres,
-- valid (else a copy of geom_full); it is what charts draw.
--
-- No foreign key to bp.area: a border may arrive before the figures (and
-- the areas) of its indeling; join on (area_code, indeling_year).
CREATE TABLE bp.area_geometry (
    area_code        text    NOT NULL,            -- bp.area(code, indeling_year), possibly later
    indeling_year    integer NOT NULL,
    source_id        bigint  NOT NULL REFERENCES bp.source ON DELETE CASCADE,
    level            bp.area_level NOT NULL,      -- from the code
    gemeente_code    text,                        -- from the code; co-location key, as elsewhere
    crs              text    NOT NULL DEFAULT 'EPSG:28992',
    geom_full        bytea   NOT NULL,
    geom_simple      bytea   NOT NULL,
    simple_tolerance double precision NOT NULL,   -- metres
    -- Bounding box of geom_full, RD New metres (xmin etc. are system column names).
    bbox_xmin        double precision NOT NULL,
    bbox_ymin        double precision NOT NULL,
    bbox_xmax        double precision NOT NULL,
    bbox_ymax        double precision NOT NULL,
    PRIMARY KEY (area_code, indeling_year, source_id),
    -- The renderer draws in RD New only; another CRS needs a migration and a reader for it.
    CHECK (crs = 'EPSG:28992'),
    CHECK (bbox_xmin <= bbox_xmax AND bbox_ymin <= bbox_ymax)
);
CREATE INDEX area_geometry_gemeente_idx ON bp.area_geometry (gemeente_code, indeling_year, level);
CREATE INDEX area_geometry_source_idx ON bp.area_geometry (source_id);

-- The newest border of every area and indeling: what maps draw.
CREATE VIEW bp.area_geometry_current AS
SELECT DISTINCT ON (g.area_code, g.indeling_year)
       g.*
  FROM bp.area_geometry g
  JOIN bp.source s ON s.id = g.source_id
 ORDER BY g.area_code, g.indeling_year, s.retrieved_at DESC, s.id DESC;
