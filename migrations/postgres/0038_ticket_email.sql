-- Email conversations on tickets (src/modules/support, issue 15): inbound mail joins tickets as
-- `customer` messages, replies are threaded (In-Reply-To / References) onto the conversation.

-- Sent emails keep the threading headers they go out with (modules/email's queue_email): the
-- columns emails.in_reply_to and reference_ids of migration 0036.

-- A ticket's messages gain the kind `customer` (an inbound email joined to the ticket) and the
-- Message-ID of their email (sent or received), by which a reply's headers find its ticket.
ALTER TABLE ticket_messages DROP CONSTRAINT ticket_messages_kind_check;
ALTER TABLE ticket_messages ADD CONSTRAINT ticket_messages_kind_check CHECK (kind IN ('reply', 'note', 'customer'));
-- No foreign keys to the emails: erasing a person (modules/privacy) deletes the mail they sent or
-- received, which a ticket's copy of its text must not block.
ALTER TABLE ticket_messages DROP CONSTRAINT ticket_messages_email_id_fkey;
ALTER TABLE ticket_messages ADD COLUMN received_email_id TEXT;
ALTER TABLE ticket_messages ADD COLUMN message_id TEXT;
UPDATE ticket_messages m SET message_id = e.message_id FROM emails e WHERE e.id = m.email_id;
CREATE INDEX ticket_messages_message ON ticket_messages(workspace_id, message_id) WHERE message_id IS NOT NULL;
CREATE INDEX ticket_messages_received ON ticket_messages(workspace_id, received_email_id) WHERE received_email_id IS NOT NULL;

-- The workspace's support mailboxes: mail posted to the inbound route that is addressed to one
-- becomes a ticket (in the mailbox's team, when it names one). At most 20 a workspace.
CREATE TABLE support_mailboxes (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  address_key  TEXT NOT NULL,   -- the address case-folded
  address      TEXT NOT NULL,
  team_id      TEXT,            -- no foreign key, as tickets.team_id: checked when set
  position     INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, address_key)
);
