-- Data retention: after ESTRAN_AUDIT_PERSONAL_RETENTION the audit log's personal fields are cleared
-- (e-mail replaced by a pseudonym of the actor's id, IP address and user agent emptied); the entries
-- stay. The append-only rule allows exactly that update and nothing else: every other column must stay
-- as it was, and the personal fields may only become empty (or the pseudonym). Deletes and truncation
-- stay refused.
create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and (new.id, new.at, new.actor_id, new.action, new.target, new.institution_id, new.status)
         is not distinct from
         (old.id, old.at, old.actor_id, old.action, old.target, old.institution_id, old.status)
     and new.ip is null and new.user_agent is null
     and (new.actor_email is null
          or new.actor_email is not distinct from old.actor_email and old.actor_email like 'pseudonym:%'
          or new.actor_email = 'pseudonym:' || old.actor_id::text) then
    return new;
  end if;
  raise exception 'audit_log is append-only: % refused', tg_op;
end;
$$;
