package io.pgmux.demo;

import io.pgmux.testing.ReplicatedPair;
import io.pgmux.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The second part of {@code ./demo.sh --standby}: a primary and a synchronous standby of their own, one unmodified
 * writer app with the agent whose URL lists both hosts with {@code targetServerType=primary}. A third of the way in the
 * primary is killed ({@code kill -9}) and the standby promoted; the table shows the writer's commits stop and go on on
 * the new primary, and the pool's {@code Failovers}.
 */
final class FailoverDemo {

    private static final long TICK_MILLIS = 1000;
    private static final int WRITER_THREADS = 16;
    private static final long STARTUP_ALLOWANCE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    private FailoverDemo() {
    }

    static void run(TestDatabase db, Path agent, Path sampleApps, int seconds, Path work) throws Exception {
        System.out.println();
        System.out.println("Primary failover: starting a primary and a synchronous standby of their own...");
        try (ReplicatedPair pair = db.newReplicatedPair()) {
            pair.replicateSynchronously();
            DemoDatabase database = new PairDatabase(pair, db);
            Demo.initSchema(database, sampleApps, work);
            String url = pair.multiHostUrl() + "?targetServerType=primary";
            System.out.println("A writer with -javaagent:pgmux-agent.jar, " + WRITER_THREADS + " threads, for " + seconds
                    + " s, URL " + url);
            System.out.println(seconds / 3 + " s after its first commit the primary is killed (kill -9) and the standby"
                    + " promoted (pg_promote()).");
            System.out.println();
            System.out.println(String.format(Locale.ROOT, "%6s | %-12s | %-9s | %s", "time", "transactions", "failovers",
                    "servers"));
            System.out.println("-".repeat(60));
            DemoApp writer = DemoApp.start("failover-writer", "drivermanager", WRITER_THREADS, null, "write", seconds,
                    agent, List.of("-Dpgmux.applicationName=failover-writer"), List.of(), sampleApps, url, database, work);
            long killedAt = 0;
            long promotedAt = 0;
            long firstCommitAfter = 0;
            long transactionsAtKill = -1;
            try (PoolProbe probe = new PoolProbe(writer.pid())) {
                long launched = System.nanoTime();
                long began = 0;
                while (writer.running()) {
                    Thread.sleep(TICK_MILLIS);
                    long now = System.nanoTime();
                    long transactions = 0;
                    long failovers = 0;
                    boolean known = false;
                    for (PoolProbe.PoolFigures pool : probe.pools()) {
                        known = true;
                        transactions += pool.transactions();
                        failovers += pool.failovers();
                    }
                    System.out.println(String.format(Locale.ROOT, "%5.0fs | %-12s | %-9s | %s", (now - launched) / 1e9,
                            known ? Long.toString(transactions) : "-", known ? Long.toString(failovers) : "-",
                            killedAt == 0 ? "primary on " + pair.primary().port()
                                    : "new primary on " + pair.standby().port()));
                    if (began == 0 && (transactions > 0 || now - launched > STARTUP_ALLOWANCE_NANOS)) {
                        began = now;
                    }
                    if (promotedAt != 0 && firstCommitAfter == 0 && transactions > transactionsAtKill) {
                        firstCommitAfter = now;
                    }
                    if (began != 0 && killedAt == 0 && (now - began) / 1e9 >= seconds / 3.0) {
                        System.out.println("--- kill -9 of the primary ---");
                        transactionsAtKill = transactions;
                        killedAt = System.nanoTime();
                        pair.primary().kill();
                        System.out.println("--- pg_promote() on the standby ---");
                        pair.standby().promote();
                        promotedAt = System.nanoTime();
                    }
                }
            }
            System.out.println();
            System.out.println("writer (drivermanager, " + WRITER_THREADS + " threads): "
                    + StandbyDemo.withoutHistogram(writer.awaitResult(30)));
            if (killedAt != 0) {
                System.out.println(String.format(Locale.ROOT, "Promotion took %d ms; the writer's commits went on %s."
                        + " Its errors, if any, are transactions in flight when the primary died (08006 or 57P01),"
                        + " as without pgmux; transactions that began later waited for the new primary.",
                        (promotedAt - killedAt) / 1_000_000, firstCommitAfter == 0 ? "(not seen by the 1 s probe)"
                                : "within " + (firstCommitAfter - promotedAt) / 1_000_000 + " ms of the promotion (1 s probe)"));
            }
        }
    }
}
