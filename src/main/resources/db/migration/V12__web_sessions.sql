-- Web pages: browser sessions and OIDC sign-ins under way. Owned by bzh.estran.web.
-- A session id reaches the browser only in its cookie; the table keeps its SHA-256 hash.
-- user_id is null for a visitor not yet signed in (whose forms still need a CSRF token).
create table web_sessions (
  id_hash      text primary key,
  user_id      uuid references users (id),
  csrf_token   text not null,
  created_at   timestamptz not null,
  expires_at   timestamptz not null
);
create index web_sessions_expiry on web_sessions (expires_at);
create index web_sessions_user on web_sessions (user_id);

-- One authorization-code flow started by a browser session: what the callback must check.
create table web_sign_ins (
  state_hash    text primary key,
  session_hash  text not null references web_sessions (id_hash) on delete cascade,
  issuer        text not null,
  nonce         text not null,
  code_verifier text not null,
  next_path     text not null,
  created_at    timestamptz not null
);
