-- Identity: users, institutions, memberships, API tokens (stored as SHA-256 hashes only).
create table users (
  id             uuid primary key,
  email          text not null,
  name           text not null,
  platform_admin boolean not null default false,
  active         boolean not null default true,
  created_at     timestamptz not null
);
create unique index users_email_key on users (lower(email));

create table institutions (
  id         uuid primary key,
  slug       text not null unique check (slug ~ '^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$'),
  name       text not null,
  kind       text not null check (kind in ('university', 'incubator', 'public-body', 'company')),
  created_at timestamptz not null
);

create table memberships (
  user_id        uuid not null references users (id),
  institution_id uuid not null references institutions (id),
  role           text not null check (role in ('member', 'cohort-manager', 'institution-admin')),
  created_at     timestamptz not null,
  primary key (user_id, institution_id)
);
create index memberships_institution on memberships (institution_id);

create table api_tokens (
  id         uuid primary key,
  user_id    uuid not null references users (id),
  name       text not null,
  token_hash text not null unique,
  created_at timestamptz not null,
  expires_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_user on api_tokens (user_id);

-- Sandboxes: one namespace each. Sizes are copied from the template at creation.
create table sandboxes (
  id              uuid primary key,
  name            text not null,
  owner_id        uuid not null references users (id),
  institution_id  uuid not null references institutions (id),
  cohort_id       uuid,
  template        text not null,
  datasets        text[] not null default '{}',
  cpu             numeric(12, 3) not null check (cpu > 0),
  memory_gib      numeric(12, 3) not null check (memory_gib > 0),
  storage_gib     numeric(12, 3) not null check (storage_gib > 0),
  state           text not null check (state in ('PROVISIONING', 'READY', 'DELETING', 'DELETED', 'FAILED')),
  namespace       text not null unique,
  created_at      timestamptz not null,
  expires_at      timestamptz not null,
  ready_at        timestamptz,
  deleted_at      timestamptz,
  failure         text,
  attempts        integer not null default 0,
  next_attempt_at timestamptz,
  lease_owner     text,
  lease_until     timestamptz,
  updated_at      timestamptz not null,
  check (expires_at > created_at)
);
create index sandboxes_due on sandboxes (expires_at) where state in ('PROVISIONING', 'READY');
create index sandboxes_unfinished on sandboxes (state) where state in ('PROVISIONING', 'DELETING');
create index sandboxes_owner on sandboxes (owner_id, created_at desc);
create index sandboxes_institution on sandboxes (institution_id, created_at desc);
create unique index sandboxes_live_name on sandboxes (owner_id, name)
  where state in ('PROVISIONING', 'READY', 'DELETING');

create table sandbox_events (
  id         bigserial primary key,
  sandbox_id uuid not null references sandboxes (id),
  at         timestamptz not null,
  type       text not null,
  message    text not null
);
create index sandbox_events_sandbox on sandbox_events (sandbox_id, id);
