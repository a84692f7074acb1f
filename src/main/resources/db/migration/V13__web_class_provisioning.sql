-- Web pages: the members a cohort's last bulk provisioning (from the cohort page) could not serve,
-- and why, so the class's progress page can show them after the redirect. Owned by bzh.estran.web.
-- Only the latest run of a cohort is kept: a new run replaces the rows of the previous one.
create table web_class_refusals (
  cohort_id    uuid not null references cohorts (id) on delete cascade,
  member_email text not null,
  code         text not null,
  message      text not null,
  at           timestamptz not null,
  primary key (cohort_id, member_email)
);
