package io.pgmux.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With the agent, an app's casts to the driver's types work on the connections it gets from DriverManager, from
 * pgjdbc's PGConnectionPoolDataSource (whose handles call PGConnection methods reflectively on the connection
 * behind them) and from a driver in a class loader of its own.
 */
@ExtendWith(TestDatabaseExtension.class)
class DriverTypesWithAgentIT {

    @Test
    void castsWorkOnConnectionsFromDriverManagerAndFromPgConnectionPoolDataSource(TestDatabase db) throws Exception {
        ChildJvm.Result run = run(db, "classpath");

        assertThat(run.exitCode).as("%s", run).isZero();
        assertThat(run.stdout).as("%s", run)
                .contains("connection class: io.pgmux.")
                .contains("instanceof PGConnection: true")
                .contains("copy in: 3, copy out: 1,2,3")
                .contains("escapeIdentifier: \"a\"\"b\"")
                .contains("statement prepareThreshold: 1")
                .contains("pooled physical: io.pgmux.")
                .contains("pooled backend pid positive: true")
                .contains("pooled escapeLiteral: it''s")
                .contains("pooled query: 42")
                .contains("pooled statement prepareThreshold: 5")
                .contains("pooled copy in: 2");
    }

    @Test
    void castsWorkWhenTheDriverLivesInAClassLoaderOfItsOwn(TestDatabase db) throws Exception {
        ChildJvm.Result run = run(db, "isolated");

        assertThat(run.exitCode).as("%s", run).isZero();
        assertThat(run.stdout).as("%s", run)
                .contains("isolated connection class: io.pgmux.")
                .contains("isolated instanceof PGConnection: true")
                .contains("isolated copy in: 2, sum: 9")
                .contains("isolated instanceof PGStatement: true");
    }

    /** Two web apps in one servlet container, each with its own copy of pgjdbc, connecting alike. */
    @Test
    void eachCopyOfTheDriverInOneJvmGetsConnectionsOfItsOwnTypes(TestDatabase db) throws Exception {
        ChildJvm.Result run = run(db, "both");

        assertThat(run.exitCode).as("%s", run).isZero();
        assertThat(run.stdout).as("%s", run)
                .contains("instanceof PGConnection: true")
                .contains("copy in: 3, copy out: 1,2,3")
                .contains("isolated instanceof PGConnection: true")
                .contains("isolated copy in: 2, sum: 9");
    }

    private static ChildJvm.Result run(TestDatabase db, String mode) throws Exception {
        String pgjdbcJar = Paths.get(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        String testClasses = Paths.get(DriverTypesMain.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        // isolated: the class path has no driver, as in a fat jar or a servlet container
        List<String> classPath = mode.equals("isolated") ? List.of(testClasses) : List.of(testClasses, pgjdbcJar);
        return ChildJvm.withAgent("pool.minIdle=0")
                .mainClass(classPath, DriverTypesMain.class, mode, db.jdbcUrl(), db.user(), db.password(), pgjdbcJar)
                .run();
    }
}
