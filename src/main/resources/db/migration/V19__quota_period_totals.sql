-- Running totals of the core-hour ledger per budget period, for the institution of each entry and
-- for its cohort: kept by a trigger in the transaction that appends the entry, so an admission reads
-- one row under the institution's lock instead of summing the whole period's ledger. The sweep
-- recomputes the current and previous periods from the ledger and repairs any disagreement
-- (metric estran.quota.totals.repaired); the ledger stays the truth.
create table quota_period_totals (
  scope_id     uuid not null, -- an institution's id, or a cohort's
  period       text not null check (period ~ '^[0-9]{4}-[0-9]{2}$'),
  core_minutes numeric(18, 3) not null,
  primary key (scope_id, period)
);

insert into quota_period_totals (scope_id, period, core_minutes)
  select institution_id, period, sum(core_minutes) from quota_ledger group by institution_id, period
  union all
  select cohort_id, period, sum(core_minutes) from quota_ledger where cohort_id is not null
    group by cohort_id, period;

create function quota_period_totals_add() returns trigger language plpgsql as $$
begin
  insert into quota_period_totals as t (scope_id, period, core_minutes)
    values (new.institution_id, new.period, new.core_minutes)
    on conflict (scope_id, period) do update set core_minutes = t.core_minutes + excluded.core_minutes;
  if new.cohort_id is not null then
    insert into quota_period_totals as t (scope_id, period, core_minutes)
      values (new.cohort_id, new.period, new.core_minutes)
      on conflict (scope_id, period) do update set core_minutes = t.core_minutes + excluded.core_minutes;
  end if;
  return null;
end;
$$;
create trigger quota_period_totals_add after insert on quota_ledger
  for each row execute function quota_period_totals_add();
