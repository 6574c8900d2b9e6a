package io.pgmux.demo;

import java.util.List;
import java.util.Locale;

/**
 * The table {@code ./demo.sh --standby} prints every 2 s, from the apps' pool MBeans and both servers' backends:
 * where the reads went (ReadsRoutedToStandby, ReadsFellBackToPrimary of the primary pools, summed over the apps),
 * the standby pool's Healthy and ReplicationLagMillis, and the server connections on each side.
 */
final class StandbyTable {

    private static final String FORMAT = "%6s | %-17s | %-17s | %-8s | %-7s | %-19s | %s";

    void printHeader() {
        String header = String.format(Locale.ROOT, FORMAT, "time", "routed to standby", "fell back to prim",
                "standby", "lag ms", "pool servers pri/sb", "backends primary / standby");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
    }

    void printRow(double seconds, List<PoolProbe> probes, int primaryBackends, int standbyBackends) {
        Figures f = Figures.of(probes.stream().flatMap(probe -> probe.pools().stream()).toList());
        System.out.println(String.format(Locale.ROOT, FORMAT, String.format(Locale.ROOT, "%5.0fs", seconds),
                f.known ? Long.toString(f.routed) : "-", f.known ? Long.toString(f.fellBack) : "-",
                !f.standbyKnown ? "-" : f.healthy ? "healthy" : "down",
                f.standbyKnown ? Long.toString(f.lagMillis) : "-",
                f.known ? f.primaryServers + " / " + f.standbyServers : "-",
                count(primaryBackends) + " / " + count(standbyBackends)));
    }

    /** The closing line: the read counters at the end and the peaks of backends. */
    static String summary(List<PoolProbe.PoolFigures> pools, int primaryPeak, int standbyPeak) {
        Figures f = Figures.of(pools);
        return String.format(Locale.ROOT, "Read-only transactions sent to the standby: %s; served by the primary"
                        + " instead, the standby being down or behind: %s (pool MBeans at the last read). Peak backends:"
                        + " primary %s, standby %s.", f.known ? f.routed : "unknown", f.known ? f.fellBack : "unknown",
                count(primaryPeak), count(standbyPeak));
    }

    private static String count(int backends) {
        return backends < 0 ? "down" : Integer.toString(backends);
    }

    /** The pools of all apps added up by role. */
    /** Read-only transactions sent to the standby so far, over all apps. */
    static long routed(List<PoolProbe> probes) {
        List<PoolProbe.PoolFigures> pools = new java.util.ArrayList<>();
        probes.forEach(probe -> pools.addAll(probe.pools()));
        return Figures.of(pools).routed;
    }

    private static final class Figures {
        boolean known;
        boolean standbyKnown;
        long routed;
        long fellBack;
        boolean healthy;
        long lagMillis;
        int primaryServers;
        int standbyServers;

        static Figures of(List<PoolProbe.PoolFigures> pools) {
            Figures f = new Figures();
            for (PoolProbe.PoolFigures pool : pools) {
                f.known = true;
                if ("standby".equals(pool.role())) {
                    // every app has its own pool of the one standby: healthy where any app sends it reads
                    f.healthy |= pool.healthy();
                    f.lagMillis = f.standbyKnown ? Math.max(f.lagMillis, pool.lagMillis()) : pool.lagMillis();
                    f.standbyKnown = true;
                    f.standbyServers += pool.serversTotal();
                } else {
                    f.routed += pool.readsRoutedToStandby();
                    f.fellBack += pool.readsFellBackToPrimary();
                    f.primaryServers += pool.serversTotal();
                }
            }
            return f;
        }
    }
}
