package io.pgmux.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseReleaseTest {

    @Test
    void theDroppedDatabaseIsReadAsPostgreSqlReadsItsName() {
        assertThat(DatabaseRelease.databaseDroppedBy("DROP DATABASE tenant_7")).isEqualTo("tenant_7");
        assertThat(DatabaseRelease.databaseDroppedBy("  drop database if exists Tenant_7;")).isEqualTo("tenant_7");
        assertThat(DatabaseRelease.databaseDroppedBy("DROP DATABASE \"Mixed \"\"Case\"\"\"")).isEqualTo("Mixed \"Case\"");
        assertThat(DatabaseRelease.databaseDroppedBy("DROP TABLE tenant_7")).isNull();
        assertThat(DatabaseRelease.databaseDroppedBy("SELECT 1")).isNull();
    }

    @Test
    void theDatabaseInUseIsTakenFrom55006Only() {
        assertThat(DatabaseRelease.databaseInUse(new SQLException(
                "ERROR: database \"tenant_7\" is being accessed by other users\n  Detail: There is 1 other session", "55006")))
                .isEqualTo("tenant_7");
        assertThat(DatabaseRelease.databaseInUse(new SQLException("ERROR: relation \"t\" does not exist", "42P01"))).isNull();
        assertThat(DatabaseRelease.databaseInUse(new SQLException("ERROR: cannot drop the currently open database", "55006")))
                .isNull();
    }
}
