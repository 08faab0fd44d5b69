"""Topics of the outbox events the newsroom app records for itself."""

# A note was written or edited: its mentions may need notifying. Payload: {"note_id": int}.
NOTE_SAVED = "note.saved"
# A notification is waiting to be e-mailed. Payload: {"notification_id": int}.
NOTIFICATION_EMAIL_DUE = "notification.email_due"
