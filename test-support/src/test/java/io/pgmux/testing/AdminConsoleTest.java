package io.pgmux.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminConsoleTest {

    @Test
    void csvRowsBecomeMapsByColumn() {
        List<Map<String, String>> rows = AdminConsole.parseCsv("database,user,cl_active\npgmux_tx,pgmux,3\npgbouncer,pgbouncer,1\n");

        assertThat(rows).containsExactly(
                Map.of("database", "pgmux_tx", "user", "pgmux", "cl_active", "3"),
                Map.of("database", "pgbouncer", "user", "pgbouncer", "cl_active", "1"));
    }

    @Test
    void quotedFieldsKeepCommasQuotesAndNewlines() {
        List<Map<String, String>> rows = AdminConsole.parseCsv("key,value\r\nserver_reset_query,\"DISCARD ALL, \"\"x\"\"\nnext\"\r\n");

        assertThat(rows).containsExactly(Map.of("key", "server_reset_query", "value", "DISCARD ALL, \"x\"\nnext"));
    }

    @Test
    void emptyFieldsStayEmpty() {
        assertThat(AdminConsole.parseCsv("a,b,c\n,,\n")).containsExactly(Map.of("a", "", "b", "", "c", ""));
    }

    @Test
    void commandsWithoutResultHaveNoRows() {
        assertThat(AdminConsole.parseCsv("")).isEmpty();
    }
}
