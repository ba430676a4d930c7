-- Records are never changed or removed: the database refuses it, not just the code.
CREATE TRIGGER lineage_record_append_only BEFORE UPDATE, DELETE ON lineage_record FOR EACH ROW
    CALL 'org.mlgate.lineage.store.AppendOnlyTrigger';
CREATE TRIGGER artifact_append_only BEFORE UPDATE, DELETE ON artifact FOR EACH ROW
    CALL 'org.mlgate.lineage.store.AppendOnlyTrigger';
CREATE TRIGGER artifact_record_append_only BEFORE UPDATE, DELETE ON artifact_record FOR EACH ROW
    CALL 'org.mlgate.lineage.store.AppendOnlyTrigger';
CREATE TRIGGER edge_append_only BEFORE UPDATE, DELETE ON edge FOR EACH ROW
    CALL 'org.mlgate.lineage.store.AppendOnlyTrigger';
