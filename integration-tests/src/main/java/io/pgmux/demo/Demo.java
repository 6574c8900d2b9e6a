package io.pgmux.demo;

import io.pgmux.bench.ChildJvm;
import io.pgmux.bench.ChildProcesses;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The demo of SPEC section 8: two unmodified sample apps run with the agent side by side against one PostgreSQL
 * (through PgBouncer where it is installed), while a table every 2 s shows how many app connections they hold open
 * and how many server connections PostgreSQL sees.
 *
 * <p>Arguments: {@code --agent JAR --sample-apps JAR [--seconds N] [--direct] [--standby]}; {@code --direct} sends
 * the apps straight to PostgreSQL even where PgBouncer is installed; {@code --standby} runs {@link StandbyDemo}
 * instead (30 s unless --seconds says otherwise).
 */
public final class Demo {

    private static final int DEFAULT_SECONDS = 15;
    private static final int DEFAULT_STANDBY_SECONDS = 30;
    private static final long TICK_MILLIS = 2000;

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        Path agent = null;
        Path sampleApps = null;
        Integer seconds = null;
        List<String> rest = new ArrayList<>(List.of(args));
        boolean direct = rest.remove("--direct");
        boolean standby = rest.remove("--standby");
        args = rest.toArray(new String[0]);
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--agent" -> agent = Paths.get(args[i + 1]);
                case "--sample-apps" -> sampleApps = Paths.get(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                default -> fail("unknown argument " + args[i]
                        + "; expected --agent JAR --sample-apps JAR [--seconds N] [--direct] [--standby]");
            }
        }
        if (args.length % 2 != 0) {
            fail("arguments come in pairs: --agent JAR --sample-apps JAR [--seconds N]");
        }
        requireFile(agent, "--agent", "the agent (mvn -pl agent -am install -DskipTests)");
        requireFile(sampleApps, "--sample-apps", "the sample apps (mvn -pl sample-apps -am install -DskipTests)");
        if (standby) {
            if (direct) {
                fail("--standby always runs straight to PostgreSQL: leave out --direct");
            }
            runStandby(agent, sampleApps, seconds == null ? DEFAULT_STANDBY_SECONDS : seconds);
            System.exit(0);
        }

        System.out.println("Starting PostgreSQL...");
        try (DemoDatabase database = startDatabase()) {
            System.out.println("Running " + database.describe());
            Path work = Files.createTempDirectory("pgmux-demo");
            initSchema(database, sampleApps, work);
            run(database, agent, sampleApps, seconds == null ? DEFAULT_SECONDS : seconds, direct, work);
        }
        System.exit(0);
    }

    private static void run(DemoDatabase database, Path agent, Path sampleApps, int seconds, boolean direct, Path work)
            throws Exception {
        Optional<DemoDatabase.PgBouncer> pgbouncer = direct ? Optional.empty() : database.pgbouncer();
        String url = pgbouncer.map(DemoDatabase.PgBouncer::url).orElse(database.jdbcUrl());
        String target = pgbouncer.map(DemoDatabase.PgBouncer::hostAndPort).orElse(null);
        System.out.println();
        System.out.println("Two apps with -javaagent:pgmux-agent.jar for " + seconds + " s, connecting to " + url
                + (target == null ? "" : " (pgmux.target=" + target + ", transaction mode)") + ":");
        System.out.println("  app1: drivermanager, 50 threads, a new connection per request, write transactions");
        System.out.println("  app2: hikari, 60 threads, the app's own HikariCP pool of 30, read requests");
        System.out.println();

        List<DemoApp> apps = new ArrayList<>();
        try (BackendCounter backends = new BackendCounter(database)) {
            apps.add(DemoApp.start("app1", "drivermanager", 50, null, "write", seconds, agent, sampleApps, url, target,
                    database, work));
            apps.add(DemoApp.start("app2", "hikari", 60, 30, "read", seconds, agent, sampleApps, url, target,
                    database, work));
            List<PoolProbe> probes = apps.stream().map(app -> new PoolProbe(app.pid())).toList();
            LiveTable table = new LiveTable(pgbouncer.isPresent());
            table.printHeader();
            long began = System.nanoTime();
            while (apps.stream().anyMatch(DemoApp::running)) {
                Thread.sleep(TICK_MILLIS);
                Map<String, String> pools = pgbouncer.flatMap(p -> p.pools().stream().findFirst()).orElse(Map.of());
                table.printRow((System.nanoTime() - began) / 1e9, probes.stream().map(PoolProbe::latest).toList(),
                        pools, backends.current());
            }
            for (PoolProbe probe : probes) {
                probe.close();
            }
            // the apps' peaks need not coincide: their sum bounds the app connections open at once from above
            int peakAppConnections = probes.stream().allMatch(probe -> probe.peakClientsOpen() >= 0)
                    ? probes.stream().mapToInt(PoolProbe::peakClientsOpen).sum() : -1;
            System.out.println();
            for (DemoApp app : apps) {
                System.out.println(app.name + " (" + app.style + ", " + app.threads + " threads): "
                        + app.awaitResult(30));
            }
            System.out.println();
            int expectedOpen = apps.stream().mapToInt(app -> app.appConnections).sum();
            String appSide = peakAppConnections >= 0
                    ? peakAppConnections + " app connections open (the peak of the agent's ClientsOpen in each app, added up)"
                    : "up to " + expectedOpen + " app connections open (50 per-request connections + a HikariCP pool of 30;"
                            + " the agent's MBeans could not be read: " + probes.get(0).lastFailure() + ")";
            System.out.printf(Locale.ROOT, "PostgreSQL saw at most %d server connections, while the apps had %s.%n",
                    backends.peak(), appSide);
            if (backends.failure() != null && backends.peak() < 0) {
                System.out.println("(counting PostgreSQL's backends failed: " + backends.failure() + ")");
            }
        } finally {
            for (DemoApp app : apps) {
                if (app.running()) {
                    System.out.println("stopping " + app.name);
                }
            }
        }
    }

    /** A standby needs the harness: pg_basebackup and a second postmaster of the installed PostgreSQL. */
    private static void runStandby(Path agent, Path sampleApps, int seconds) throws Exception {
        System.out.println("Starting PostgreSQL...");
        TestDatabase database;
        try {
            database = TestDatabases.shared();
        } catch (RuntimeException e) {
            fail("--standby needs an installed PostgreSQL (initdb, pg_basebackup; Debian/Ubuntu: apt-get install"
                    + " postgresql), which was not found: " + e.getMessage());
            return;
        }
        System.out.println("Running PostgreSQL on " + database.host() + ':' + database.postgresPort());
        StandbyDemo.run(database, agent, sampleApps, seconds, Files.createTempDirectory("pgmux-demo"));
        FailoverDemo.run(database, agent, sampleApps, seconds, Files.createTempDirectory("pgmux-demo"));
    }

    /** The installed PostgreSQL and PgBouncer through the test harness; else embedded PostgreSQL, which refuses root. */
    private static DemoDatabase startDatabase() {
        try {
            return new HarnessDatabase(TestDatabases.shared());
        } catch (RuntimeException e) {
            System.out.println("No installed PostgreSQL and PgBouncer to use (" + e.getMessage() + ")");
        }
        if (isRoot()) {
            fail("Embedded PostgreSQL cannot run as root (initdb refuses it). Install PostgreSQL and PgBouncer"
                    + " (Debian/Ubuntu: apt-get install postgresql pgbouncer), or run ./demo.sh as another user.");
        }
        System.out.println("Starting an embedded PostgreSQL instead...");
        return EmbeddedDatabase.start();
    }

    static void initSchema(DemoDatabase database, Path sampleApps, Path work) throws Exception {
        System.out.println("Creating the pgbench tables...");
        List<String> command = ChildJvm.command(null, List.of());
        command.addAll(List.of("-jar", sampleApps.toString(), "drivermanager", "--url", database.jdbcUrl(),
                "--user", database.user(), "--password", database.password(), "--requests", "0", "--init"));
        Path out = work.resolve("init.out");
        Process process = ChildProcesses.track(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start());
        try {
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                fail("Creating the pgbench tables failed:\n" + Files.readString(out));
            }
        } finally {
            ChildProcesses.destroy(process);
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (Exception e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void requireFile(Path file, String option, String what) {
        if (file == null || !Files.isRegularFile(file)) {
            fail(option + " must name " + what + ", got " + file);
        }
    }

    private static void fail(String message) {
        System.err.println("demo: " + message);
        System.exit(1);
    }
}
