package io.pgmux.stats;

import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * One Micrometer meter of a pool (SPEC section 7), described once and registered both on pgmux's own registries
 * ({@link PoolMeters}) and, through reflection, on the app's ({@link AppMicrometerBinding}). Callbacks are JDK
 * function types so that any copy of Micrometer can call them.
 */
final class MeterDefinition {
    enum Kind { GAUGE, COUNTER, TIMER }

    static final String POOL_TAG = "pool";

    /** Every meter of a pool; each is also tagged {@code pool}. */
    static final List<MeterDefinition> ALL = List.of(
            gauge("pgmux.clients", "state", "open", "Logical connections open", PoolStatistics::clientsOpen),
            gauge("pgmux.clients", "state", "active", "Logical connections holding a server connection", PoolStatistics::clientsActive),
            gauge("pgmux.clients", "state", "waiting", "Logical connections waiting for a server connection", PoolStatistics::clientsWaiting),
            gauge("pgmux.clients", "state", "pinned", "Logical connections pinned to their server connection", PoolStatistics::clientsPinned),
            gauge("pgmux.servers", "state", "active", "Server connections lent to logical connections", PoolStatistics::serversActive),
            gauge("pgmux.servers", "state", "idle", "Open server connections nobody holds", PoolStatistics::serversIdle),
            gauge("pgmux.servers", "state", "total", "Open server connections", PoolStatistics::serversTotal),
            timer("pgmux.transactions", "Transactions: autocommit statements and explicit transactions",
                    PoolStatistics::totalTransactions, PoolStatistics::totalTransactionMicros),
            timer("pgmux.queries", "Statements executed", PoolStatistics::totalQueries, PoolStatistics::totalQueryMicros),
            timer("pgmux.wait", "Borrows of a server connection and the time spent waiting for one",
                    PoolStatistics::totalBorrows, PoolStatistics::totalWaitMicros),
            counter("pgmux.pins", "Times a logical connection pinned its server connection", PoolStatistics::totalPins),
            counter("pgmux.acquire.timeouts", "Borrows that gave up after pgmux.pool.acquireTimeoutMs", PoolStatistics::totalAcquireTimeouts),
            gauge("pgmux.replication.lag", "unit", "ms", "A standby's replay lag behind the primary by LSN, ms (0 for a primary)",
                    PoolStatistics::replicationLagMillis),
            gauge("pgmux.healthy", "role", "any", "1 where the pool's server takes work in its role (a standby: in recovery, reachable, within maxLagMs)",
                    s -> s.healthy() ? 1 : 0),
            counter("pgmux.reads.standby", "Read-only transactions and statements sent to a standby", PoolStatistics::readsRoutedToStandby),
            counter("pgmux.reads.fellback", "Read-only transactions and statements the primary served: no standby healthy or caught up in time",
                    PoolStatistics::readsFellBackToPrimary),
            counter("pgmux.reads.waits", "Reads that waited for a standby to replay a write committed in this JVM",
                    PoolStatistics::readYourWritesWaits),
            counter("pgmux.failovers", "Times the pool found a new primary after losing its server", PoolStatistics::failovers));

    final Kind kind;
    final String name;
    /** Tags besides {@code pool}, as key, value, key, value... */
    final List<String> tags;
    final String description;
    final ToDoubleFunction<PoolStatistics> value;
    final ToLongFunction<PoolStatistics> count;
    /** For timers: total time in microseconds. */
    final ToDoubleFunction<PoolStatistics> totalMicros;

    private MeterDefinition(Kind kind, String name, List<String> tags, String description, ToDoubleFunction<PoolStatistics> value,
                            ToLongFunction<PoolStatistics> count, ToDoubleFunction<PoolStatistics> totalMicros) {
        this.kind = kind;
        this.name = name;
        this.tags = tags;
        this.description = description;
        this.value = value;
        this.count = count;
        this.totalMicros = totalMicros;
    }

    private static MeterDefinition gauge(String name, String tag, String tagValue, String description, ToDoubleFunction<PoolStatistics> value) {
        return new MeterDefinition(Kind.GAUGE, name, List.of(tag, tagValue), description, value, null, null);
    }

    private static MeterDefinition counter(String name, String description, ToDoubleFunction<PoolStatistics> value) {
        return new MeterDefinition(Kind.COUNTER, name, List.of(), description, value, null, null);
    }

    private static MeterDefinition timer(String name, String description, ToLongFunction<PoolStatistics> count,
                                         ToLongFunction<PoolStatistics> totalMicros) {
        return new MeterDefinition(Kind.TIMER, name, List.of(), description, null, count, s -> totalMicros.applyAsLong(s));
    }

    /** All tags of this meter for {@code stats}: {@code pool} first, as key, value, key, value... */
    String[] tagsFor(PoolStatistics stats) {
        String[] all = new String[tags.size() + 2];
        all[0] = POOL_TAG;
        all[1] = stats.name();
        for (int i = 0; i < tags.size(); i++) {
            all[i + 2] = tags.get(i);
        }
        return all;
    }
}
