package io.pgmux.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With the agent, the app's own ApplicationName wins; pgmux.applicationName (the main class) applies only where it set none. */
@ExtendWith(TestDatabaseExtension.class)
class ApplicationNameIT {

    @Test
    void theAppsOwnApplicationNameWinsAndTheMainClassNamesTheRest(TestDatabase db) throws Exception {
        ChildJvm.Result plain = app(ChildJvm.withoutAgent(), db).run();
        assertThat(plain.exitCode).as("%s", plain).isZero();

        ChildJvm.Result withAgent = app(ChildJvm.withAgent("pool.minIdle=0"), db).run();

        assertThat(withAgent.exitCode).as("%s", withAgent).isZero();
        assertThat(line(withAgent, "properties: ")).isEqualTo(line(plain, "properties: "))
                .isEqualTo("orders-from-properties / orders-from-properties");
        assertThat(line(withAgent, "url: ")).isEqualTo(line(plain, "url: "))
                .isEqualTo("orders-from-url / orders-from-url");
        String main = ApplicationNameMain.class.getName();
        assertThat(line(withAgent, "none: ")).isEqualTo(main + " / " + main);
    }

    private static ChildJvm app(ChildJvm jvm, TestDatabase db) throws Exception {
        String testClasses = Paths.get(ApplicationNameMain.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        String pgjdbc = Paths.get(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        return jvm.mainClass(List.of(testClasses, pgjdbc), ApplicationNameMain.class, db.jdbcUrl(), db.user(),
                db.password());
    }

    private static String line(ChildJvm.Result result, String prefix) {
        for (String line : result.stdout.split("\\R")) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' in " + result);
    }
}
