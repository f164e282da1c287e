-- 029_custom_polygon: custom areas drawn as a polygon instead of listed as
-- buurten or wijken (areas/*.yaml 'polygon'), and how the areas of every
-- indeling lie in them (lib/import/custom_overlay.c, the crosswalks' own
-- overlay rules: GEOS, population-weighted shares).  Such an area has no
-- members and so no native values: every value it gets is carried over
-- from an indeling's areas through these shares and stored, marked
-- translated, in bp.indicator_value_translated.

-- The polygon as written: GeoJSON Polygon coordinates (outer ring, then
-- holes) in crs; line and col locate it in the definition file for errors.
CREATE TABLE bp.custom_area_polygon (
    code           text    NOT NULL,
    indeling_year  integer NOT NULL,
    crs            text    NOT NULL,            -- e.g. EPSG:28992 (RD New) or EPSG:4326
    coordinates    jsonb   NOT NULL,
    line           integer NOT NULL,
    col            integer NOT NULL,
    PRIMARY KEY (code, indeling_year),
    FOREIGN KEY (code, indeling_year) REFERENCES bp.custom_area (code, indeling_year) ON DELETE CASCADE
);

-- One per drawn area, level and indeling with borders: share = weight of
-- (area ∩ polygon) / weight of area, weight the inhabitants (method
-- 'population', each buurt's spread over its surface) or the surface
-- (method 'area'; also for an area without inhabitants, counted in
-- n_area_fallback).  Parts under tolerance × the area are slivers, dropped.
CREATE TABLE bp.custom_area_overlay (
    id               bigserial PRIMARY KEY,
    custom_code      text    NOT NULL,
    custom_year      integer NOT NULL,          -- the drawn area's indeling (bp.custom_area)
    level            bp.area_level NOT NULL,
    from_year        integer NOT NULL,          -- the indeling whose areas are apportioned
    method           text    NOT NULL CHECK (method IN ('population', 'area')),
    weight_year      integer,                   -- method 'population': the buurten's indeling
    weight_period    text,
    tolerance        double precision NOT NULL,
    polygon_m2       double precision NOT NULL, -- the drawn area's surface (RD New)
    n_areas          integer NOT NULL,          -- areas of the level with a share
    n_area_fallback  integer NOT NULL DEFAULT 0,
    built_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (custom_code, custom_year, level, from_year),
    FOREIGN KEY (custom_code, custom_year) REFERENCES bp.custom_area (code, indeling_year) ON DELETE CASCADE,
    CHECK ((method = 'population') = (weight_year IS NOT NULL))
);

CREATE TABLE bp.custom_area_overlay_share (
    overlay_id  bigint NOT NULL REFERENCES bp.custom_area_overlay ON DELETE CASCADE,
    from_code   text   NOT NULL,
    share       double precision NOT NULL CHECK (share > 0 AND share <= 1),
    weight      double precision NOT NULL CHECK (weight >= 0),   -- inhabitants or m² of area ∩ polygon
    area_m2     double precision NOT NULL CHECK (area_m2 >= 0),  -- surface of area ∩ polygon
    PRIMARY KEY (overlay_id, from_code)
);

-- A translated value came through a crosswalk or through a drawn area's
-- overlay, exactly one of them.
ALTER TABLE bp.indicator_value_translated ALTER COLUMN crosswalk_id DROP NOT NULL;
ALTER TABLE bp.indicator_value_translated
    ADD COLUMN overlay_id bigint REFERENCES bp.custom_area_overlay ON DELETE CASCADE,
    ADD CHECK ((crosswalk_id IS NULL) <> (overlay_id IS NULL));
