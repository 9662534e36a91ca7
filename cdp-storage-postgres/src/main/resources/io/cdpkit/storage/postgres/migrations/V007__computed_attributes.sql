-- V007__computed_attributes: computed attribute definitions, so that every instance and process
-- on the database reads $computed.NAME the same way. The window is an ISO-8601 duration, NULL for
-- all time. Names are COLLATE "C" so that list() orders them by code point, as the other stores do.

CREATE TABLE computed_attributes (
  name         text COLLATE "C" PRIMARY KEY,
  kind         text NOT NULL,
  event_type   text,
  property     text,
  time_window  text
);
