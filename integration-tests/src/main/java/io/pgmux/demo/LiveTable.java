package io.pgmux.demo;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table the demo prints every 2 s: app connections per app, PgBouncer's pool, PostgreSQL's backends. */
final class LiveTable {

    private final boolean pgbouncer;

    LiveTable(boolean pgbouncer) {
        this.pgbouncer = pgbouncer;
    }

    void printHeader() {
        String header = String.format(Locale.ROOT, "%6s | %-22s | %-22s |", "time", "app1 app conns/servers",
                "app2 app conns/servers");
        if (pgbouncer) {
            header += String.format(Locale.ROOT, " %-31s |", "PgBouncer cl_act/cl_wait/sv_act/sv_idle");
        }
        header += " PostgreSQL backends";
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
    }

    void printRow(double seconds, List<PoolProbe.Counts> apps, Map<String, String> pool, int backends) {
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%5.0fs", seconds));
        for (PoolProbe.Counts counts : apps) {
            row.append(String.format(Locale.ROOT, " | %-22s", counts.clientsOpen() < 0 ? "-"
                    : counts.clientsOpen() + " / " + counts.serversTotal()));
        }
        if (pgbouncer) {
            String figures = pool.isEmpty() ? "-" : pool.get("cl_active") + " / " + pool.get("cl_waiting") + " / "
                    + pool.get("sv_active") + " / " + pool.get("sv_idle");
            row.append(String.format(Locale.ROOT, " | %-39s", figures));
        }
        row.append(" | ").append(backends < 0 ? "-" : Integer.toString(backends));
        System.out.println(row);
    }
}
