-- Data retention of ended sandboxes and erasure of users who left (issue 10, item 6).
--
-- An ended sandbox (DELETED or FAILED) is purged ESTRAN_SANDBOX_RETENTION after its end: its events
-- and notices are deleted, its name and failure text replaced; the row itself stays, with its owner
-- id, institution, cohort, template, sizes, times and booked month, because the quota ledger (append-
-- only) points at it and the monthly reports multiply the ledger's minutes by its sizes.
alter table sandboxes add column purged_at timestamptz;
create index sandboxes_purgeable on sandboxes (deleted_at)
  where state in ('DELETED', 'FAILED') and purged_at is null;

-- A user erased on a platform admin's request: e-mail and name replaced, identities, tokens, sessions
-- and memberships deleted, audit entries pseudonymised. The row stays (sandboxes and the ledger's
-- reports name its id).
alter table users add column erased_at timestamptz;

-- The ledger's notes used to name the admin or owner who ended a sandbox early ("deleted early by
-- <e-mail>"); they now name no one (the audit log says who). The notes already written lose the
-- e-mail, once, here: the only change ever made to the ledger, in this migration, with its
-- append-only trigger off for the length of one statement. Kinds, minutes and figures are untouched.
alter table quota_ledger disable trigger quota_ledger_append_only;
update quota_ledger set note = regexp_replace(note, ' by [^ ]+@[^ ]+', '', 'g')
  where note ~ ' by [^ ]+@[^ ]+';
alter table quota_ledger enable trigger quota_ledger_append_only;
