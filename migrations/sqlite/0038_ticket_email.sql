-- Email conversations on tickets (src/modules/support, issue 15): inbound mail joins tickets as
-- `customer` messages, replies are threaded (In-Reply-To / References) onto the conversation.

-- Sent emails keep the threading headers they go out with (modules/email's queue_email): the
-- columns emails.in_reply_to and reference_ids of migration 0036.

-- A ticket's messages gain the kind `customer` (an inbound email joined to the ticket) and the
-- Message-ID of their email (sent or received), by which a reply's headers find its ticket. SQLite
-- cannot change a CHECK or drop a foreign key: the table is rebuilt.
CREATE TABLE ticket_messages_new (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  ticket_id    TEXT NOT NULL REFERENCES tickets(id),
  kind         TEXT NOT NULL CHECK (kind IN ('reply', 'note', 'customer')),
  body         TEXT NOT NULL,
  author_id    TEXT REFERENCES users(id),
  created_at   TEXT NOT NULL,
  -- A reply emailed to the requester. No foreign key (0031 had one): erasing the requester
  -- (modules/privacy) deletes the emails sent to them, which the ticket's copy must not block.
  email_id     TEXT,
  -- A customer message: the email it came as. No foreign key: erasing a person (modules/privacy)
  -- may delete the email, which must not be refused for the ticket holding a copy of its text.
  received_email_id TEXT,
  message_id   TEXT   -- the Message-ID of its email (sent or received), without angle brackets
);
INSERT INTO ticket_messages_new (id, workspace_id, ticket_id, kind, body, author_id, created_at, email_id, message_id)
  SELECT m.id, m.workspace_id, m.ticket_id, m.kind, m.body, m.author_id, m.created_at, m.email_id, e.message_id
  FROM ticket_messages m LEFT JOIN emails e ON e.id = m.email_id;
DROP TABLE ticket_messages;
ALTER TABLE ticket_messages_new RENAME TO ticket_messages;
CREATE INDEX ticket_messages_ticket ON ticket_messages(workspace_id, ticket_id, id);
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
