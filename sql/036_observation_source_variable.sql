-- 036: whether a source observes a variable, answered by one index probe.
--
-- compute asks it for every variable it reads and every source: the
-- indicators' inputs fingerprint (lib/engine/compute.c) and the similar
-- areas' (lib/engine/similar.c), and which variables have several sources
-- (only they need observation_current's DISTINCT ON).  With an index on
-- source_id alone a pair without observations was answered by reading
-- every observation of the variable (through the key), and the similar
-- areas read every observation of their variables to group them: 0.09 s
-- and 0.13 s of the server's CPU per compute of all of Nederland; with
-- this index each pair is one probe (under 0.01 s for both,
-- bench/RESULTS.md).  It replaces the index on source_id, whose readers
-- (a source's observations: re-import, citations, the digest) it serves
-- as well through its first column.
CREATE INDEX observation_source_variable_idx ON bp.observation (source_id, variable_code);
DROP INDEX bp.observation_source_idx;
