-- 009_indicator_survey: what the starter indicators and survey indicators need.

-- The further RIVM Gezondheidsmonitor variables (table 50090NED) that
-- shipped indicators refer to, known before any import for the same reason
-- as in 003: without RIVM data they are "no observations, skipped", while a
-- mistyped code stays an error.  Titles as in the table's DataProperties.
INSERT INTO bp.variable (code, title, unit, decimals) VALUES
    ('MatigVeelRegieOverEigenLeven',    'Matig veel regie over eigen leven',       '%', 1),
    ('HoogRisicoOpAngstOfDepressie',    'Hoog risico op angst of depressie',       '%', 1),
    ('EmotioneelEenzaam',               'Emotioneel eenzaam',                      '%', 1),
    ('SociaalEenzaam',                  'Sociaal eenzaam',                         '%', 1),
    ('ErvarenGezondheidGoedZeerGoed',   'Ervaren gezondheid goed/zeer goed',       '%', 1),
    ('HeelVeelStressInAfgelopen4Weken', 'Heel veel stress in afgelopen 4 weken',   '%', 1),
    ('ErnstigBeperktVanwegeGezondheid', 'Ernstig beperkt vanwege gezondheid',      '%', 1),
    ('ErnstigeGeluidhinderDoorBuren',   'Ernstige geluidhinder door buren',        '%', 1)
ON CONFLICT (code) DO NOTHING;

-- A value computed from generated (synthetic) survey files, never from real
-- respondents: every output that shows it must say so.  Taken from
-- bp.survey.synthetic of the surveys the value was computed from.
ALTER TABLE bp.indicator_value ADD COLUMN synthetic boolean NOT NULL DEFAULT false;
