-- Cohorts: a class or an incubation batch inside an institution, with dates, optional sub-limits
-- (a second quota scope) and a join code.
create table cohorts (
  id                           uuid primary key,
  institution_id               uuid not null references institutions (id),
  name                         text not null,
  starts_at                    timestamptz not null,
  ends_at                      timestamptz not null,
  max_sandbox_duration_seconds bigint check (max_sandbox_duration_seconds > 0),
  max_sandboxes                integer check (max_sandboxes >= 0),
  cpu                          numeric(12, 3) check (cpu >= 0),
  memory_gib                   numeric(12, 3) check (memory_gib >= 0),
  storage_gib                  numeric(12, 3) check (storage_gib >= 0),
  core_hours_per_month         numeric(14, 3) check (core_hours_per_month >= 0),
  join_code                    text not null unique,
  join_code_expires_at         timestamptz,
  join_code_max_uses           integer check (join_code_max_uses > 0),
  join_code_uses               integer not null default 0,
  created_by                   uuid references users (id),
  created_at                   timestamptz not null,
  check (ends_at > starts_at)
);
create unique index cohorts_institution_name on cohorts (institution_id, lower(name));

create table cohort_members (
  cohort_id uuid not null references cohorts (id),
  user_id   uuid not null references users (id),
  role      text not null check (role in ('member', 'manager')),
  joined_at timestamptz not null,
  primary key (cohort_id, user_id)
);
create index cohort_members_user on cohort_members (user_id);

alter table sandboxes add constraint sandboxes_cohort foreign key (cohort_id) references cohorts (id);
create index sandboxes_live_by_cohort on sandboxes (cohort_id)
  where cohort_id is not null and state in ('PROVISIONING', 'READY', 'DELETING');
create index quota_ledger_cohort_period on quota_ledger (cohort_id, period) where cohort_id is not null;
