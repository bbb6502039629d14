-- A device's answer changed its row in two indexes: the primary key and (job_id, status). The second one only served
-- reading a job's unanswered devices, which happens when a job starts or resumes and reads one job's rows by the
-- primary key's prefix as fast; written for every answer, it was a large share of the result writer's time.
DROP INDEX fanout_result_pending;
