-- Quotas set by platform admins; an institution without a row has the documented defaults.
create table quotas (
  institution_id       uuid primary key references institutions (id),
  max_sandboxes        integer not null check (max_sandboxes >= 0),
  cpu                  numeric(12, 3) not null check (cpu >= 0),
  memory_gib           numeric(12, 3) not null check (memory_gib >= 0),
  storage_gib          numeric(12, 3) not null check (storage_gib >= 0),
  sandboxes_per_user   integer not null check (sandboxes_per_user >= 0),
  core_hours_per_month numeric(14, 3) not null check (core_hours_per_month >= 0),
  updated_at           timestamptz not null,
  updated_by           uuid references users (id)
);

-- The month (quota time zone) a sandbox is booked to: its reservation, extensions and refunds.
alter table sandboxes add column booked_period text;
update sandboxes set booked_period = to_char(created_at at time zone 'Europe/Paris', 'YYYY-MM');
alter table sandboxes alter column booked_period set not null;
alter table sandboxes add constraint sandboxes_booked_period check (booked_period ~ '^[0-9]{4}-[0-9]{2}$');
create index sandboxes_live_by_institution on sandboxes (institution_id)
  where state in ('PROVISIONING', 'READY', 'DELETING');

-- The append-only ledger of the core-hour budget. Balances are sums over it.
create table quota_ledger (
  id             bigserial primary key,
  institution_id uuid not null references institutions (id),
  cohort_id      uuid,
  sandbox_id     uuid references sandboxes (id),
  period         text not null check (period ~ '^[0-9]{4}-[0-9]{2}$'),
  at             timestamptz not null,
  kind           text not null check (kind in ('RESERVE', 'EXTEND', 'REFUND', 'ADJUST')),
  minutes        integer not null,
  core_minutes   numeric(18, 3) not null,
  note           text,
  check ((kind in ('RESERVE', 'EXTEND') and minutes > 0 and core_minutes > 0)
      or (kind = 'REFUND' and minutes < 0 and core_minutes < 0)
      or kind = 'ADJUST')
);
create index quota_ledger_period on quota_ledger (institution_id, period);
create index quota_ledger_sandbox on quota_ledger (sandbox_id);

create function quota_ledger_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'quota_ledger is append-only: % refused', tg_op;
end;
$$;
create trigger quota_ledger_append_only before update or delete on quota_ledger
  for each row execute function quota_ledger_append_only();
