package io.pgmux.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With the agent and default settings except a short idle timeout, an app that used 50 distinct connect keys and
 * closed its connections is left with no pool and no server connection once the idle timeout has passed.
 */
@ExtendWith(TestDatabaseExtension.class)
class IdlePoolsIT {
    private static final int KEYS = 50;

    @Test
    void fiftyConnectKeysLeaveNoPoolAndNoBackendOnceIdle(TestDatabase db) throws Exception {
        db.awaitNoBackends();
        ChildJvm.Result run = ChildJvm.withAgent("pool.idleTimeoutMs=1000,exclude=*pgmux_counter*")
                .mainClass(List.of(classPathOf(ConnectKeysMain.class), classPathOf(org.postgresql.Driver.class)),
                        ConnectKeysMain.class, db.jdbcUrl(), db.user(), db.password(), String.valueOf(KEYS), "30000")
                .run();
        System.out.println("[child] " + run.stdout.strip().replace('\n', ';'));

        assertThat(run.exitCode).as("%s", run).isZero();
        assertThat(run.stdout).as("%s", run).containsPattern("in use: pools=" + KEYS + " backends=(\\d{2,})");
        assertThat(run.stdout).as("%s", run).containsPattern("idle: pools=0 backends=0 after \\d+ ms");
    }

    private static String classPathOf(Class<?> type) throws Exception {
        return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
