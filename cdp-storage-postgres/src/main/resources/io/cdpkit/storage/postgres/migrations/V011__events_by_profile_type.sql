-- V008__events_by_profile_type: a profile's events of one type, found without reading its other
-- events. A compiled segment tests events per profile (EXISTS, a count LIMITed to n+1, under any
-- AND, OR or NOT); with only events_by_profile (profile_id, ts, id) each test fetched every event
-- of the profile from the table to check its type, ten times slower than a hand-written GROUP BY
-- over the type's events at 20,000 profiles and 400,000 events. With the type in the index the
-- test reads only the matching entries.

CREATE INDEX events_by_profile_type ON events (profile_id, type, ts);
