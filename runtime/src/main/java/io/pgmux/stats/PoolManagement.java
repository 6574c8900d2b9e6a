package io.pgmux.stats;

import java.util.List;

/** The {@link PoolMBean} of one pool. */
final class PoolManagement implements PoolMBean {
    private final PoolStatistics stats;

    PoolManagement(PoolStatistics stats) {
        this.stats = stats;
    }

    @Override public long getClientsOpen() { return stats.clientsOpen(); }
    @Override public long getClientsActive() { return stats.clientsActive(); }
    @Override public long getClientsWaiting() { return stats.clientsWaiting(); }
    @Override public long getClientsPinned() { return stats.clientsPinned(); }
    @Override public int getServersActive() { return stats.serversActive(); }
    @Override public int getServersIdle() { return stats.serversIdle(); }
    @Override public int getServersTotal() { return stats.serversTotal(); }
    @Override public int getPoolSize() { return stats.poolSize(); }
    @Override public long getReserveInUse() { return stats.reserveInUse(); }
    @Override public long getMaxWaitMillis() { return stats.maxWaitMillis(); }
    @Override public long getTotalTransactions() { return stats.totalTransactions(); }
    @Override public long getTotalQueries() { return stats.totalQueries(); }
    @Override public long getTotalWaitMicros() { return stats.totalWaitMicros(); }
    @Override public long getAvgTransactionMicros() { return stats.avgTransactionMicros(); }
    @Override public long getAvgQueryMicros() { return stats.avgQueryMicros(); }
    @Override public long getAvgWaitMicros() { return stats.avgWaitMicros(); }
    @Override public long getTotalPins() { return stats.totalPins(); }
    @Override public long getTotalAcquireTimeouts() { return stats.totalAcquireTimeouts(); }
    @Override public double getMultiplexingRatio() { return stats.multiplexingRatio(); }
    @Override public String getRole() { return stats.role(); }
    @Override public boolean isHealthy() { return stats.healthy(); }
    @Override public long getReplicationLagMillis() { return stats.replicationLagMillis(); }
    @Override public long getReadsRoutedToStandby() { return stats.readsRoutedToStandby(); }
    @Override public long getReadsFellBackToPrimary() { return stats.readsFellBackToPrimary(); }
    @Override public long getReadYourWritesWaits() { return stats.readYourWritesWaits(); }
    @Override public long getFailovers() { return stats.failovers(); }
    @Override public boolean isPaused() { return stats.paused(); }
    @Override public void pause() { stats.pool().pause(); }
    @Override public void resume() { stats.pool().resume(); }
    @Override public void reconnect() { stats.pool().reconnect(); }

    @Override
    public void resize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("pool " + stats.name() + ": size must be at least 1, was " + size);
        }
        stats.pool().resize(size);
    }

    @Override
    public String[] holders() {
        List<HolderInfo> holders = stats.pool().holders();
        String[] lines = new String[holders.size()];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = Secrets.mask(holders.get(i).describe());
        }
        return lines;
    }
}
