package io.pgmux;

import io.pgmux.pool.ServerPool;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pool that an earlier connect with the same driver, URL and properties went to. An app that opens a connection
 * per request repeats the same connect thousands of times a second; a repeat skips the driver's URL check, parsing
 * the URL and building the pool key, which cost more CPU than the request's own statement. The pool a connect goes
 * to depends on nothing else, so a repeat cannot land in another pool (another user, password or database).
 */
final class KnownConnects {
    /** Apps connect with a handful of URLs; one that varies its URL per connect is not remembered past this. */
    private static final int MAX_REMEMBERED = 256;

    private final ConcurrentHashMap<Request, ServerPool> pools = new ConcurrentHashMap<>();

    /**
     * The pool an earlier connect of the same driver, URL and properties went to; null where there was none.
     *
     * @param driver the driver instance; for a connect seen where the app calls DriverManager, the class loader
     *        DriverManager checks drivers against for that caller
     */
    ServerPool poolOf(Object driver, String url, Properties info) {
        return pools.isEmpty() || url == null ? null : pools.get(Request.reading(driver, url, info));
    }

    /** Remembers that a connect of this driver, URL and properties went to {@code pool}. */
    void remember(Object driver, String url, Properties info, ServerPool pool) {
        if (url != null && pools.size() < MAX_REMEMBERED) {
            pools.putIfAbsent(Request.copying(driver, url, info), pool);
        }
    }

    /** Forgets every connect that went to {@code pool}: it closed, or its credentials no longer log in. */
    void forget(ServerPool pool) {
        pools.values().removeIf(p -> p == pool);
    }

    void clear() {
        pools.clear();
    }

    /**
     * A connect as the driver sees it: the driver instance, the URL and the string properties, those of the
     * {@link Properties} defaults included (the driver reads them; {@code Properties.equals} does not compare them).
     * A lookup reads them into an array, the cheapest to build; a remembered request holds them in a map.
     */
    private static final class Request {
        private final Object driver;
        private final String url;
        /** A lookup's properties as name, value, name, value...; null in a remembered request. */
        private final String[] read;
        /** A remembered request's copy of the properties; null in a lookup. */
        private final Map<String, String> copy;
        private final int hash;

        private Request(Object driver, String url, String[] read, Map<String, String> copy, int propertiesHash) {
            this.driver = driver;
            this.url = url;
            this.read = read;
            this.copy = copy;
            this.hash = (System.identityHashCode(driver) * 31 + url.hashCode()) * 31 + propertiesHash;
        }

        static Request reading(Object driver, String url, Properties info) {
            Set<String> names = info == null ? Set.of() : info.stringPropertyNames();
            String[] read = new String[names.size() * 2];
            int i = 0;
            int h = 0;
            for (String name : names) {
                String value = info.getProperty(name);
                read[i++] = name;
                read[i++] = value;
                h += entryHash(name, value);
            }
            return new Request(driver, url, read, null, h);
        }

        static Request copying(Object driver, String url, Properties info) {
            HashMap<String, String> copy = new HashMap<>();
            int h = 0;
            if (info != null) {
                for (String name : info.stringPropertyNames()) {
                    String value = info.getProperty(name);
                    copy.put(name, value);
                    h += entryHash(name, value);
                }
            }
            return new Request(driver, url, null, copy, h);
        }

        private static int entryHash(String name, String value) {
            return name.hashCode() ^ Objects.hashCode(value);
        }

        private int size() {
            return copy != null ? copy.size() : read.length / 2;
        }

        private String value(String name) {
            if (copy != null) {
                return copy.get(name);
            }
            for (int i = 0; i < read.length; i += 2) {
                if (read[i].equals(name)) {
                    return read[i + 1];
                }
            }
            return null;
        }

        /** True where every property this lookup read has the same value in {@code other}. */
        private boolean readMatches(Request other) {
            for (int i = 0; i < read.length; i += 2) {
                String value = read[i + 1];
                if (value == null || !value.equals(other.value(read[i]))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Request)) {
                return false;
            }
            Request other = (Request) o;
            if (hash != other.hash || driver != other.driver || !url.equals(other.url) || size() != other.size()) {
                return false;
            }
            if (copy != null && other.copy != null) {
                return copy.equals(other.copy);
            }
            return read != null ? readMatches(other) : other.readMatches(this);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
