-- Run by the stand-in mart server once the scheduler is off: its running jobs come to an end. The aggregation job is
-- long and is left running.
UPDATE ctl_job_run SET status = 'DONE' WHERE status = 'RUNNING' AND job_name <> 'Job_AggregateGIM';
