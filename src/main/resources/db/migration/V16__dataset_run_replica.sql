-- The replica running each anonymisation run: when it stops beating (replicas.heartbeat_at), its
-- runs are FAILED with the reason by the replicas still alive (the raw upload lived on its disk).
alter table dataset_runs add column replica text;
create index dataset_runs_running on dataset_runs (replica) where state = 'RUNNING';
