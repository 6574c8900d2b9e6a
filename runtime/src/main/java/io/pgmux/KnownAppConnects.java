package io.pgmux;

import io.pgmux.pool.ServerPool;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool that an earlier app-level connect ({@code DriverManager.getConnection(url, user, password)}, a driver's
 * data source) went to, by URL, user, password and the class loader the connect was made for. A repeat looks its
 * pool up without building a key: an app that connects per request pays no more for the lookup than a map read.
 */
final class KnownAppConnects {
    /** Apps connect with a handful of URLs; one that varies its URL per connect is not remembered past this. */
    private static final int MAX_REMEMBERED = 256;

    private final ConcurrentHashMap<String, Route[]> byUrl = new ConcurrentHashMap<>();
    private final AtomicInteger remembered = new AtomicInteger();

    /** The pool of an earlier connect with these arguments; null where there was none. */
    ServerPool poolOf(String url, String user, String password, Object scope) {
        Route[] routes = byUrl.get(url);
        if (routes == null) {
            return null;
        }
        for (Route route : routes) {
            if (route.scope == scope && Objects.equals(route.user, user) && Objects.equals(route.password, password)) {
                return route.pool;
            }
        }
        return null;
    }

    void remember(String url, String user, String password, Object scope, ServerPool pool) {
        if (remembered.get() >= MAX_REMEMBERED || poolOf(url, user, password, scope) == pool) {
            return;
        }
        Route route = new Route(user, password, scope, pool);
        byUrl.compute(url, (key, routes) -> {
            if (routes == null) {
                remembered.incrementAndGet();
                return new Route[] {route};
            }
            for (int i = 0; i < routes.length; i++) {
                if (routes[i].sameConnect(route)) {
                    Route[] replaced = routes.clone();
                    replaced[i] = route;
                    return replaced;
                }
            }
            remembered.incrementAndGet();
            Route[] added = Arrays.copyOf(routes, routes.length + 1);
            added[routes.length] = route;
            return added;
        });
    }

    /** Forgets every connect that went to {@code pool}. */
    void forget(ServerPool pool) {
        for (String url : byUrl.keySet()) {
            byUrl.computeIfPresent(url, (key, routes) -> {
                Route[] kept = Arrays.stream(routes).filter(route -> route.pool != pool).toArray(Route[]::new);
                remembered.addAndGet(kept.length - routes.length);
                return kept.length == 0 ? null : kept;
            });
        }
    }

    void clear() {
        for (String url : byUrl.keySet()) {
            Route[] routes = byUrl.remove(url);
            if (routes != null) {
                remembered.addAndGet(-routes.length);
            }
        }
    }

    private static final class Route {
        final String user;
        final String password;
        final Object scope;
        final ServerPool pool;

        Route(String user, String password, Object scope, ServerPool pool) {
            this.user = user;
            this.password = password;
            this.scope = scope;
            this.pool = pool;
        }

        boolean sameConnect(Route other) {
            return scope == other.scope && Objects.equals(user, other.user) && Objects.equals(password, other.password);
        }
    }
}
