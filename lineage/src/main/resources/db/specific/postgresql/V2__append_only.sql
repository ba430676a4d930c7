-- Records are never changed or removed: the database refuses it, not just the code.
CREATE FUNCTION mlgate_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'lineage tables are append-only (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER lineage_record_append_only BEFORE UPDATE OR DELETE ON lineage_record
    FOR EACH ROW EXECUTE FUNCTION mlgate_append_only();
CREATE TRIGGER artifact_append_only BEFORE UPDATE OR DELETE ON artifact
    FOR EACH ROW EXECUTE FUNCTION mlgate_append_only();
CREATE TRIGGER artifact_record_append_only BEFORE UPDATE OR DELETE ON artifact_record
    FOR EACH ROW EXECUTE FUNCTION mlgate_append_only();
CREATE TRIGGER edge_append_only BEFORE UPDATE OR DELETE ON edge
    FOR EACH ROW EXECUTE FUNCTION mlgate_append_only();
