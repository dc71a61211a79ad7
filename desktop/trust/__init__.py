"""What keeps the data safe and provable: the personal-data key and cipher, the audit trail and its hash chain,
backup and restore, the file store and the start-up check. Imports only desktop.common; every domain may import it."""
