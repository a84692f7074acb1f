-- Datasets: raw CSVs anonymised by runs, published as immutable versions, preloaded into sandboxes.

-- The platform-wide data-steward role (granted and revoked by platform admins).
create table data_stewards (
  user_id    uuid primary key references users (id),
  granted_by uuid not null references users (id),
  granted_at timestamptz not null
);

-- One dataset: its description, licence and provenance, and its pseudonymisation secret, which
-- never leaves the server (no response, log or export carries it).
create table datasets (
  id           uuid primary key,
  name         text not null unique check (name ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$'),
  title        text not null,
  description  text not null,
  licence      text not null,
  producer     text not null,
  source       text not null,
  period_from  date not null,
  period_to    date not null,
  hmac_secret  bytea not null check (octet_length(hmac_secret) >= 32),
  created_by   uuid not null references users (id),
  created_at   timestamptz not null,
  check (period_to >= period_from)
);

-- Stored bytes (published outputs), in chunks of at most 1 MiB, streamed both ways.
create table dataset_blobs (
  id         uuid primary key,
  bytes      bigint not null check (bytes >= 0),
  sha256     text not null,
  created_at timestamptz not null
);
create table dataset_blob_chunks (
  blob_id uuid not null references dataset_blobs (id) on delete cascade,
  seq     integer not null check (seq >= 0),
  data    bytea not null,
  primary key (blob_id, seq)
);

-- An anonymisation run: its policy (as sent, YAML or JSON), its state, its report.
create table dataset_runs (
  id           uuid primary key,
  dataset_id   uuid not null references datasets (id),
  state        text not null check (state in ('AWAITING_DATA', 'RUNNING', 'SUCCEEDED', 'REFUSED', 'FAILED')),
  policy       text not null,
  raw_bytes    bigint,
  report       jsonb,
  summary_fr   text,
  summary_en   text,
  refusals     jsonb,
  failure      text,
  columns      jsonb,
  rows_out     bigint,
  blob_id      uuid references dataset_blobs (id),
  created_by   uuid not null references users (id),
  created_at   timestamptz not null,
  started_at   timestamptz,
  ended_at     timestamptz
);
create index dataset_runs_dataset on dataset_runs (dataset_id, created_at desc);

-- A published version: immutable (the trigger below lets only the withdrawal be set, once).
create table dataset_versions (
  dataset_id   uuid not null references datasets (id),
  version      integer not null check (version >= 1),
  run_id       uuid not null unique references dataset_runs (id),
  blob_id      uuid not null references dataset_blobs (id),
  sha256       text not null,
  bytes        bigint not null,
  rows         bigint not null,
  columns      jsonb not null,
  policy       text not null,
  licence      text not null,
  producer     text not null,
  source       text not null,
  period_from  date not null,
  period_to    date not null,
  published_by uuid not null references users (id),
  published_at timestamptz not null,
  withdrawn_by uuid references users (id),
  withdrawn_at timestamptz,
  primary key (dataset_id, version)
);

create function dataset_versions_immutable() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'published dataset versions cannot be deleted';
  end if;
  if old.withdrawn_at is not null
     or (to_jsonb(new) - 'withdrawn_by' - 'withdrawn_at') <> (to_jsonb(old) - 'withdrawn_by' - 'withdrawn_at') then
    raise exception 'published dataset versions are immutable (only a withdrawal may be recorded, once)';
  end if;
  return new;
end $$;
create trigger dataset_versions_immutable before update or delete on dataset_versions
  for each row execute function dataset_versions_immutable();

-- The versions each sandbox was given when it was admitted (what its loader token may fetch).
create table sandbox_datasets (
  sandbox_id  uuid not null references sandboxes (id),
  dataset_id  uuid not null,
  version     integer not null,
  position    integer not null,
  granted_at  timestamptz not null,
  primary key (sandbox_id, dataset_id, version),
  foreign key (dataset_id, version) references dataset_versions (dataset_id, version)
);

-- Server-side key that signs loader tokens (made once; never leaves the database).
create table dataset_keys (
  id  integer primary key check (id = 1),
  key bytea not null check (octet_length(key) >= 32)
);
