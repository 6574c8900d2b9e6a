package io.pgmux.demo;

import io.pgmux.testing.Standby;
import io.pgmux.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./demo.sh --standby}: a primary and a streaming hot standby; two unmodified sample apps with the agent and
 * {@code pgmux.standby}. One writes, the other reads in read-only transactions ({@code --read-only}, as
 * {@code @Transactional(readOnly = true)}). The table shows the reads going to the standby; a third of the way in the
 * standby stops and the reads fall back to the primary, and two thirds in it starts again and takes them back.
 */
final class StandbyDemo {

    private static final long TICK_MILLIS = 2000;
    private static final int WRITER_THREADS = 8;
    private static final int READER_THREADS = 40;

    private StandbyDemo() {
    }

    private static final long STARTUP_ALLOWANCE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    static void run(TestDatabase db, Path agent, Path sampleApps, int seconds, Path work) throws Exception {
        System.out.println("Starting a streaming standby of it (pg_basebackup -R, hot standby)...");
        Standby standby = db.standby();
        DemoDatabase database = new HarnessDatabase(db);
        Demo.initSchema(database, sampleApps, work);
        // the standby's first reads must find the tables the primary just filled
        standby.awaitReplayed();
        String standbyAddress = standby.host() + ':' + standby.port();
        System.out.println();
        System.out.println("Primary: " + db.jdbcUrl() + ", standby: " + standby.jdbcUrl() + " (in recovery, streaming)");
        System.out.println("Two apps with -javaagent:pgmux-agent.jar -Dpgmux.standby=" + standbyAddress + " for " + seconds
                + " s, both connecting to the primary's URL:");
        System.out.println("  writer: drivermanager, " + WRITER_THREADS + " threads, write transactions");
        System.out.println("  reader: drivermanager, " + READER_THREADS + " threads, --read-only: setReadOnly(true),"
                + " select, commit, as @Transactional(readOnly = true)");
        System.out.println(seconds / 3 + " s after the first read on the standby it stops; " + 2 * seconds / 3 + " s after, it starts again.");
        System.out.println();

        List<String> settings = List.of("-Dpgmux.standby=" + standbyAddress);
        List<DemoApp> apps = new ArrayList<>();
        try (BackendCounter primaryBackends = new BackendCounter(database);
             BackendCounter standbyBackends = new BackendCounter(standby::superuserConnection, db.database())) {
            apps.add(DemoApp.start("writer", "drivermanager", WRITER_THREADS, null, "write", seconds, agent,
                    withName("writer", settings), List.of(), sampleApps, db.jdbcUrl(), database, work));
            apps.add(DemoApp.start("reader", "drivermanager", READER_THREADS, null, "read", seconds, agent,
                    withName("reader", settings), List.of("--read-only"), sampleApps, db.jdbcUrl(), database, work));
            List<PoolProbe> probes = apps.stream().map(app -> new PoolProbe(app.pid())).toList();
            StandbyTable table = new StandbyTable();
            table.printHeader();
            long launched = System.nanoTime();
            // the timeline starts with the first read on the standby: on a busy machine the apps take a while to start
            long began = 0;
            boolean stopped = false;
            boolean restarted = false;
            while (apps.stream().anyMatch(DemoApp::running)) {
                Thread.sleep(TICK_MILLIS);
                long now = System.nanoTime();
                table.printRow((now - launched) / 1e9, probes, primaryBackends.current(), standbyBackends.current());
                if (began == 0 && (StandbyTable.routed(probes) > 0 || now - launched > STARTUP_ALLOWANCE_NANOS)) {
                    began = now;
                }
                double elapsed = began == 0 ? 0 : (now - began) / 1e9;
                if (began == 0) {
                    continue;
                }
                if (!stopped && elapsed >= seconds / 3.0) {
                    System.out.println("--- stopping the standby (pg_ctl stop -m fast): its connections break ---");
                    standby.stop();
                    stopped = true;
                } else if (stopped && !restarted && elapsed >= 2 * seconds / 3.0) {
                    System.out.println("--- starting the standby again ---");
                    standby.start();
                    restarted = true;
                }
            }
            List<PoolProbe.PoolFigures> last = new ArrayList<>();
            probes.forEach(probe -> last.addAll(probe.pools()));
            probes.forEach(PoolProbe::close);
            System.out.println();
            for (DemoApp app : apps) {
                System.out.println(app.name + " (" + app.style + ", " + app.threads + " threads): "
                        + withoutHistogram(app.awaitResult(30)));
            }
            System.out.println();
            System.out.println(StandbyTable.summary(last, primaryBackends.peak(), standbyBackends.peak()));
        } finally {
            if (!standby.isRunning()) {
                standby.start();
            }
        }
    }

    /** The app's result line up to its latency histogram, which is too long to read here. */
    static String withoutHistogram(String result) {
        int histogram = result.indexOf(",\"histogram_us\"");
        return histogram < 0 ? result : result.substring(0, histogram) + "}";
    }

    private static List<String> withName(String name, List<String> settings) {
        List<String> all = new ArrayList<>(settings);
        all.add("-Dpgmux.applicationName=" + name);
        return all;
    }
}
