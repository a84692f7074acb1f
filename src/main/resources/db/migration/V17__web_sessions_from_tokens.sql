-- A page session opened by pasting an API token lasts no longer than that token: it names the token,
-- and a session whose token is revoked or expired opens nothing (WebSessionDao.findLive).
-- Null for sessions opened through an identity provider, and for visitors.
alter table web_sessions add column api_token_id uuid references api_tokens (id) on delete cascade;
create index web_sessions_api_token on web_sessions (api_token_id);
