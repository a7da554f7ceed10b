-- A campaign recipient's retry state in the API (src/modules/marketing, README "Results"): the SMTP
-- server's last reply code to its message (250 taken, 4xx try later, 5xx refused; null before its
-- first exchange or when no reply came), beside the attempts (transient_retries) and the next try
-- (retry_at) migration 0063 keeps.
ALTER TABLE campaign_recipients ADD COLUMN smtp_reply_code INTEGER;
