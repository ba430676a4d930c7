-- Audit rows and revocations are never changed or removed: the database refuses it, not just the code.
CREATE OR REPLACE FUNCTION mlgate_serve_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'serve tables are append-only (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = '42501';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION mlgate_serve_append_only();
CREATE TRIGGER api_key_revocation_append_only BEFORE UPDATE OR DELETE ON api_key_revocation
    FOR EACH ROW EXECUTE FUNCTION mlgate_serve_append_only();
