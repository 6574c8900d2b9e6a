package io.pgmux.stats;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A pool for statistics tests: real counters, server counts and holders set by the test, operations recorded. */
final class FakePool implements ManagedPool {
    private final String name;
    private final PoolCounters counters = new PoolCounters();
    volatile int serversActive;
    volatile int serversIdle;
    volatile int poolSize = 10;
    volatile boolean paused;
    final AtomicInteger reconnects = new AtomicInteger();
    final List<HolderInfo> holders = new CopyOnWriteArrayList<>();

    FakePool(String name) {
        this.name = name;
    }

    @Override public String name() { return name; }
    @Override public PoolCounters counters() { return counters; }
    @Override public int serversActive() { return serversActive; }
    @Override public int serversIdle() { return serversIdle; }
    @Override public int serversTotal() { return serversActive + serversIdle; }
    @Override public int poolSize() { return poolSize; }
    @Override public boolean paused() { return paused; }
    @Override public void pause() { paused = true; }
    @Override public void resume() { paused = false; }
    @Override public void reconnect() { reconnects.incrementAndGet(); }
    @Override public void resize(int size) { poolSize = size; }
    @Override public List<HolderInfo> holders() { return List.copyOf(holders); }
    @Override public String role() { return "primary"; }
    @Override public boolean healthy() { return true; }
    @Override public long replicationLagMillis() { return 0; }

    /** {@code n} logical connections opened. */
    FakePool clients(int n) {
        for (int i = 0; i < n; i++) {
            counters.clientOpened();
        }
        return this;
    }

    /** A logical connection waited {@code waitMicros} and took a server connection, as the pool reports it. */
    FakePool borrowed(long waitMicros) {
        counters.waited(waitMicros);
        counters.clientActive();
        return this;
    }

    FakePool servers(int active, int idle) {
        serversActive = active;
        serversIdle = idle;
        return this;
    }

    static StackTraceElement[] openedAt() {
        return new StackTraceElement[] {
            new StackTraceElement("io.pgmux.logical.LogicalConnection", "<init>", "LogicalConnection.java", 40),
            new StackTraceElement("java.sql.DriverManager", "getConnection", "DriverManager.java", 253),
            new StackTraceElement("com.acme.orders.OrderRepository", "load", "OrderRepository.java", 42),
            new StackTraceElement("com.acme.orders.Main", "main", "Main.java", 7)
        };
    }
}
