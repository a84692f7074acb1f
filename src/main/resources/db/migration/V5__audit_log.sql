-- The audit log: one row per state-changing API request, refused ones included. Append-only.
-- It records who, what, which target, where and the outcome; never a request or response body,
-- a header (but the user agent) or a query string, where tokens and passwords travel.
-- No foreign keys: the log outlives what it names, and must never refuse a row.
create table audit_log (
  id             bigserial primary key,
  at             timestamptz not null,
  actor_id       uuid,
  actor_email    text,
  action         text not null,
  target         text,
  institution_id uuid,
  status         integer not null check (status between 100 and 599),
  ip             text,
  user_agent     text check (length(user_agent) <= 200)
);
create index audit_log_institution on audit_log (institution_id, id);
create index audit_log_actor on audit_log (lower(actor_email), id);
create index audit_log_at on audit_log (at);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % refused', tg_op;
end;
$$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();
