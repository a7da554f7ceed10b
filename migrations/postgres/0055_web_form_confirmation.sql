-- A web form may email the requester a confirmation of their request ("we got your request #N",
-- src/modules/support/web_form_confirmation.*), threaded so that their answer joins the ticket. On
-- by default: a form made before this migration confirms too once the workspace sends email.
ALTER TABLE web_forms ADD COLUMN confirm_email BIGINT NOT NULL DEFAULT 1;
