package io.pgmux.it.stats;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * An app that has Micrometer and knows nothing of pgmux: it opens connections with DriverManager, runs a query on
 * each, then prints what its own global registry says about them, one {@code meter value} line each.
 * Arguments: url user password connections.
 */
public final class MicrometerApp {
    private MicrometerApp() {
    }

    public static void main(String[] args) throws Exception {
        // as an app with Micrometer does: a registry behind the global composite, which otherwise keeps no values
        Metrics.addRegistry(new SimpleMeterRegistry());
        int connections = Integer.parseInt(args[3]);
        List<Connection> open = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
                open.add(c);
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1")) {
                    r.next();
                }
            }
            for (String state : new String[] {"open", "active", "waiting", "pinned"}) {
                print("pgmux.clients." + state, Metrics.globalRegistry.find("pgmux.clients").tag("state", state));
            }
            for (String state : new String[] {"active", "idle", "total"}) {
                print("pgmux.servers." + state, Metrics.globalRegistry.find("pgmux.servers").tag("state", state));
            }
            var transactions = Metrics.globalRegistry.find("pgmux.transactions").functionTimer();
            System.out.println("pgmux.transactions.count " + (transactions == null ? "missing" : transactions.count()));
            var queries = Metrics.globalRegistry.find("pgmux.queries").functionTimer();
            System.out.println("pgmux.queries.count " + (queries == null ? "missing" : queries.count()));
            var pins = Metrics.globalRegistry.find("pgmux.pins").functionCounter();
            System.out.println("pgmux.pins " + (pins == null ? "missing" : pins.count()));
            System.out.println("pool tag " + (transactions == null ? "missing" : transactions.getId().getTag("pool")));
        } finally {
            for (Connection c : open) {
                c.close();
            }
        }
    }

    private static void print(String label, Search search) {
        Gauge gauge = search.gauge();
        System.out.println(label + " " + (gauge == null ? "missing" : gauge.value()));
    }
}
