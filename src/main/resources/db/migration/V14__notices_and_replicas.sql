-- The language mails are written in for each user: French unless they chose English.
alter table users add column language text not null default 'fr' check (language in ('fr', 'en'));

-- The outbox of notices (expiry warnings, lifecycle mails). A row is written in the same transaction
-- as the change it announces; a dispatcher on one replica at a time (row locks, skip locked) sends it
-- when due and marks it, so each is sent once, also with several replicas and across restarts.
-- An SMTP failure leaves it PENDING with a later next_attempt_at: retried, never dropped.
create table notices (
  id              uuid primary key,
  sandbox_id      uuid not null references sandboxes (id),
  kind            text not null check (kind in
                    ('EXPIRY_WARNING', 'READY_AFTER_WAIT', 'FAILED', 'COHORT_ENDED', 'OFFBOARDED')),
  due_at          timestamptz not null,
  -- warnings: the expiry they announce and how long before it (ISO-8601); an extension makes new ones
  expires_at      timestamptz,
  lead            text,
  detail          text,
  state           text not null default 'PENDING'
                    check (state in ('PENDING', 'SENT', 'SKIPPED', 'OBSOLETE')),
  attempts        integer not null default 0,
  next_attempt_at timestamptz,
  last_error      text,
  event_written   boolean not null default false,
  created_at      timestamptz not null,
  handled_at      timestamptz,
  check ((kind = 'EXPIRY_WARNING') = (expires_at is not null and lead is not null))
);
create index notices_due on notices (due_at) where state = 'PENDING';
create index notices_sandbox on notices (sandbox_id);
-- at most one warning per expiry and lead, one lifecycle notice of each kind per sandbox
create unique index notices_warning_once on notices (sandbox_id, expires_at, lead)
  where kind = 'EXPIRY_WARNING';
create unique index notices_lifecycle_once on notices (sandbox_id, kind)
  where kind <> 'EXPIRY_WARNING';

-- Replicas alive: each writes its heartbeat every few seconds, in the database's time. A reconcile
-- lease whose owner has no recent heartbeat is free at once, so a killed replica's work is resumed
-- within the replica timeout instead of a fixed lease length.
create table replicas (
  id           text primary key,
  started_at   timestamptz not null,
  heartbeat_at timestamptz not null
);
