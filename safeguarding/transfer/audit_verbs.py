"""What the audit trail says of safeguarding file transfers (for readers of the log)."""

LABELS = {
    "transfer.opened": "Safeguarding file to send opened",
    "transfer.sent": "Safeguarding file sent",
    "transfer.acknowledged": "Safeguarding file receipt acknowledged",
    "transfer.downloaded": "Safeguarding file downloaded",
}
