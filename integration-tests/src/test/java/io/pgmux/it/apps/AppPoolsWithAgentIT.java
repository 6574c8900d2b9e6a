package io.pgmux.it.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.it.agent.BackgroundJvm;
import io.pgmux.it.agent.SampleApps;
import io.pgmux.testing.BackendSampler;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The app's own DBCP2 and c3p0 pools under the agent: their checks on every borrow (DBCP2 runs {@code SELECT 1},
 * c3p0 calls {@code isValid}) and c3p0's ageing (it closes and reopens its connections every few seconds) must
 * neither hold server connections nor push their number past one pgmux pool.
 */
@ExtendWith(TestDatabaseExtension.class)
class AppPoolsWithAgentIT {
    private static final int POOL_SIZE = 4;
    private static final int RESERVE = 2;
    /** Short, so that a check that kept its server connection would turn into failed requests within the run. */
    private static final int ACQUIRE_TIMEOUT_MS = 5000;
    private static final String AGENT_ARGUMENTS = "pool.size=" + POOL_SIZE + ",pool.reserve=" + RESERVE
            + ",pool.minIdle=1,pool.acquireTimeoutMs=" + ACQUIRE_TIMEOUT_MS;
    /** Four times what pgmux may open: every app connection is checked on each borrow and then sits in the app's pool. */
    private static final int APP_POOL_SIZE = 4 * (POOL_SIZE + RESERVE);
    /** The sample app's c3p0 maxConnectionAge. */
    private static final int C3P0_MAX_AGE_SECONDS = 3;
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\\d+)");

    @BeforeAll
    static void createSchema(TestDatabase db) throws Exception {
        SampleApps.initSchema(db);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dbcp2", "c3p0"})
    void aCheckOnEveryBorrowHoldsNoServerConnection(String style, TestDatabase db) throws Exception {
        Run run = run(db, style, 4);

        assertThat(run.exitCode).as("%s", run).isZero();
        assertThat(run.field("errors")).as("%s", run).isZero();
        assertThat(run.field("requests")).as("%s", run).isPositive();
        assertThat(run.logicalConnections).as("%s", run).isGreaterThanOrEqualTo(APP_POOL_SIZE);
        assertThat(run.peakBackends).as("%s", run).isBetween(1, POOL_SIZE + RESERVE);
    }

    @Test
    void c3p0ConnectionAgeingCausesNoErrorsAndStaysWithinOnePool(TestDatabase db) throws Exception {
        int seconds = 4 * C3P0_MAX_AGE_SECONDS;
        Run run = run(db, "c3p0", seconds);

        assertThat(run.exitCode).as("%s", run).isZero();
        assertThat(run.field("errors")).as("%s", run).isZero();
        // more than two generations of the app's connections: c3p0 retired and replaced them while the load ran
        assertThat(run.logicalConnections).as("%s", run).isGreaterThan(2L * APP_POOL_SIZE);
        assertThat(run.peakBackends).as("%s", run).isBetween(1, POOL_SIZE + RESERVE);
    }

    /**
     * Runs the style with as many threads as its pool has connections; counts the backends and, just before the app
     * ends, the logical connections the agent made for it.
     */
    private static Run run(TestDatabase db, String style, int seconds) throws Exception {
        db.awaitNoBackends();
        String[] arguments = SampleApps.appArguments(db, style, "--threads", String.valueOf(APP_POOL_SIZE),
                "--app-pool-size", String.valueOf(APP_POOL_SIZE), "--duration", String.valueOf(seconds),
                "--mode", "write");
        try (BackendSampler sampler = db.sampleBackends(db.database());
             BackgroundJvm app = BackgroundJvm.jar(AGENT_ARGUMENTS, BackgroundJvm.SAMPLE_APPS_JAR, Arrays.asList(arguments))) {
            long logicalConnections = 0;
            // the count only grows: the last one read before the app ends is the figure
            while (app.isAlive() && app.millisSinceStart() < (seconds + 60) * 1000L) {
                try {
                    logicalConnections = app.agentAttribute("InterceptedConnects");
                } catch (Exception e) {
                    // the agent's MBean is not there yet, or the app just ended
                }
                Thread.sleep(200);
            }
            int exitCode = app.awaitExit(60);
            Run run = new Run(style, exitCode, app.stdout(), app.toString(), logicalConnections, sampler.peak());
            System.out.println("[app pool] " + style + ": peak backends " + run.peakBackends + ", logical connections "
                    + logicalConnections + ", " + run.jsonLine());
            return run;
        }
    }

    private static final class Run {
        final String style;
        final int exitCode;
        final String stdout;
        final String description;
        final long logicalConnections;
        final int peakBackends;

        Run(String style, int exitCode, String stdout, String description, long logicalConnections, int peakBackends) {
            this.style = style;
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.description = description;
            this.logicalConnections = logicalConnections;
            this.peakBackends = peakBackends;
        }

        String jsonLine() {
            return stdout.lines().filter(l -> l.startsWith("{")).findFirst().orElse("(no result line)");
        }

        long field(String name) {
            Matcher m = FIELD.matcher(jsonLine());
            while (m.find()) {
                if (m.group(1).equals(name)) {
                    return Long.parseLong(m.group(2));
                }
            }
            throw new AssertionError("no field " + name + " in " + jsonLine());
        }

        @Override
        public String toString() {
            return style + ": peak backends " + peakBackends + ", logical connections " + logicalConnections + "\n"
                    + description;
        }
    }
}
