package org.mlgate.lineage.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/** H2's append-only guard (named by the V2 migration, never by input): any UPDATE or DELETE fails. */
public final class AppendOnlyTrigger implements Trigger {
    private String table;

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
                     int type) {
        this.table = tableName;
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("lineage tables are append-only (" + (newRow == null ? "DELETE" : "UPDATE") + " on "
                + table + ")", "42501");
    }
}
