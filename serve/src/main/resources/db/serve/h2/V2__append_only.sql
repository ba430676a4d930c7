-- Audit rows and revocations are never changed or removed: the database refuses it, not just the code.
CREATE TRIGGER audit_append_only BEFORE UPDATE, DELETE ON audit FOR EACH ROW
    CALL 'org.mlgate.lineage.store.AppendOnlyTrigger';
CREATE TRIGGER api_key_revocation_append_only BEFORE UPDATE, DELETE ON api_key_revocation FOR EACH ROW
    CALL 'org.mlgate.lineage.store.AppendOnlyTrigger';
