package io.pgmux.agent;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The URL each of a few driver data sources connects to, as it built it at an earlier connect, until one of its
 * setters runs. A direct-mapped cache by identity: a lookup costs an array read and allocates nothing; a data source
 * that collides with another, or was never remembered, just takes its full connect. Data sources are held weakly,
 * so that an app creating one per request leaks nothing.
 */
final class DataSourceUrls {
    private static final int SLOTS = 64;

    private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);
    /** Counts setter calls on any data source, so that a URL read while one ran is not remembered. */
    private final AtomicLong changes = new AtomicLong();

    /** The URL remembered for {@code dataSource}; null where there is none. */
    String urlOf(Object dataSource) {
        Entry entry = slots.get(slot(dataSource));
        return entry != null && entry.dataSource.get() == dataSource ? entry.url : null;
    }

    /** Read before reading the data source's URL, and passed to {@link #remember}. */
    long version() {
        return changes.get();
    }

    /** Remembers {@code url}, read after {@link #version()} returned {@code versionBefore}, unless a setter ran since. */
    void remember(Object dataSource, String url, long versionBefore) {
        int slot = slot(dataSource);
        Entry entry = new Entry(dataSource, url);
        slots.set(slot, entry);
        if (changes.get() != versionBefore) {
            slots.compareAndSet(slot, entry, null);
        }
    }

    /** A setter of {@code dataSource} returned: its URL may have changed. */
    void changed(Object dataSource) {
        changes.incrementAndGet();
        int slot = slot(dataSource);
        Entry entry = slots.get(slot);
        if (entry != null && entry.dataSource.get() == dataSource) {
            slots.compareAndSet(slot, entry, null);
        }
    }

    private static int slot(Object dataSource) {
        int h = System.identityHashCode(dataSource);
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }

    private static final class Entry {
        final WeakReference<Object> dataSource;
        final String url;

        Entry(Object dataSource, String url) {
            this.dataSource = new WeakReference<>(dataSource);
            this.url = url;
        }
    }
}
