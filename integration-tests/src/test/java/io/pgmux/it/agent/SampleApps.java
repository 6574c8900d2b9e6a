package io.pgmux.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgmux.testing.BackendSampler;
import io.pgmux.testing.TestDatabase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs a sample app in a child JVM while counting the backends PostgreSQL has for the test database. */
public final class SampleApps {
    /** Small on purpose: far below the app's thread count, so that multiplexing is plain to see. */
    static final int POOL_SIZE = 4;
    static final int RESERVE = 2;
    static final String POOL_SETTINGS = "pool.size=" + POOL_SIZE + ",pool.reserve=" + RESERVE + ",pool.minIdle=1";
    static final int THREADS = 32;

    /** The pgbench-like tables, created once per test JVM: the runs only read and update rows. */
    private static boolean schemaCreated;

    private SampleApps() {
    }

    public static synchronized void initSchema(TestDatabase db) throws Exception {
        if (schemaCreated) {
            return;
        }
        ChildJvm.Result init = ChildJvm.withoutAgent()
                .sampleApp(appArguments(db, "drivermanager", "--init", "--requests", "0"))
                .run();
        assertThat(init.exitCode).as("%s", init).isZero();
        schemaCreated = true;
    }

    public static String[] appArguments(TestDatabase db, String style, String... more) {
        List<String> arguments = new ArrayList<>(Arrays.asList(style, "--url", db.jdbcUrl(), "--user", db.user(),
                "--password", db.password()));
        arguments.addAll(Arrays.asList(more));
        return arguments.toArray(new String[0]);
    }

    /** A load of {@link #THREADS} threads for two seconds in one style. */
    static String[] load(TestDatabase db, String style) {
        return load(db, style, 2);
    }

    /** A load of {@link #THREADS} threads for {@code seconds} in one style. */
    static String[] load(TestDatabase db, String style, int seconds) {
        return appArguments(db, style, "--threads", String.valueOf(THREADS), "--duration", String.valueOf(seconds),
                "--mode", "write", "--app-pool-size", "hikari".equals(style) ? "50" : "10");
    }

    /** The child's result and the most backends seen while it ran. */
    static Observed observe(TestDatabase db, ChildJvm jvm) throws Exception {
        // backends of an earlier child end a moment after it exits; they must not count for this one
        db.awaitNoBackends();
        ChildJvm.Result result;
        try (BackendSampler sampler = db.sampleBackends(db.database())) {
            result = jvm.run();
            Observed observed = new Observed(result, sampler.peak());
            // one line per child in the test output, so that a passing run still shows its figures
            System.out.println("[child] " + observed.summary());
            return observed;
        }
    }

    static final class Observed {
        final ChildJvm.Result result;
        final int peakBackends;

        Observed(ChildJvm.Result result, int peakBackends) {
            this.result = result;
            this.peakBackends = peakBackends;
        }

        String summary() {
            String json = result.stdout.lines().filter(l -> l.startsWith("{")).findFirst().orElse("(no result line)");
            return "peak backends " + peakBackends + ", exit " + result.exitCode + ", " + json + " <- "
                    + result.commandLine.replaceAll("--password \\S+", "--password ***");
        }

        @Override
        public String toString() {
            return "peak backends " + peakBackends + "\n" + result;
        }
    }
}
