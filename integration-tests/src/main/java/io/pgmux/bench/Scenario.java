package io.pgmux.bench;

import java.util.Locale;

/**
 * One way an app reaches PostgreSQL in the benchmark: SPEC section 9, cases a to g; then an app that keeps a
 * connection per thread without and with the agent (h, i), a {@code PGSimpleDataSource} app with the agent (j), and
 * read-only transactions with the agent on the primary alone (k) and with a streaming standby in pgmux.standby (l).
 */
enum Scenario {
    A("drivermanager", Route.DIRECT, false, "drivermanager, no agent, straight to PostgreSQL"),
    B("drivermanager", Route.PGBOUNCER, false, "drivermanager, no agent, through PgBouncer"),
    C("hikari", Route.DIRECT, false, "hikari (app pool = pgmux pool size), no agent, straight to PostgreSQL"),
    D("hikari", Route.PGBOUNCER, false, "hikari (app pool = pgmux pool size), no agent, through PgBouncer"),
    E("drivermanager", Route.DIRECT, true, "drivermanager with the agent, straight to PostgreSQL"),
    F("drivermanager", Route.PGBOUNCER, true, "drivermanager with the agent, target PgBouncer"),
    G("hold", Route.PGBOUNCER, true, "hold with the agent, target PgBouncer"),
    H("hold", Route.DIRECT, false, "hold (a connection per thread, kept), no agent, straight to PostgreSQL"),
    I("hold", Route.DIRECT, true, "hold with the agent, straight to PostgreSQL"),
    J("datasource", Route.DIRECT, true, "datasource (PGSimpleDataSource, a connection per request) with the agent,"
            + " straight to PostgreSQL"),
    K("drivermanager", Route.DIRECT, true, true, false, "drivermanager --read-only (read-only transactions) with the"
            + " agent, straight to PostgreSQL, primary only (the standby stopped)"),
    L("drivermanager", Route.DIRECT, true, true, true, "drivermanager --read-only (read-only transactions) with the"
            + " agent, straight to PostgreSQL, pgmux.standby = a streaming standby on the same machine");

    /** Where the app's server connections end up. */
    enum Route { DIRECT, PGBOUNCER }

    final String style;
    final Route route;
    final boolean agent;
    /** The app's reads run as read-only transactions (sample app {@code --read-only}); only in read mode. */
    final boolean readOnly;
    /** The agent sends read-only transactions to the harness's streaming standby. */
    final boolean standby;
    final String description;

    Scenario(String style, Route route, boolean agent, String description) {
        this(style, route, agent, false, false, description);
    }

    Scenario(String style, Route route, boolean agent, boolean readOnly, boolean standby, String description) {
        this.style = style;
        this.route = route;
        this.agent = agent;
        this.readOnly = readOnly;
        this.standby = standby;
        this.description = description;
    }

    /** Read-only scenarios have no write cells. */
    boolean runsIn(String mode) {
        return !readOnly || mode.equals("read");
    }

    String letter() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Short label for tables and the chart, e.g. "e agent drivermanager direct". */
    String label() {
        return letter() + " " + (agent ? "agent " : "") + style + (readOnly ? " read-only" : "")
                + (route == Route.DIRECT ? " direct" : " pgbouncer") + (standby ? "+standby" : "");
    }

    static Scenario fromLetter(String letter) {
        for (Scenario scenario : values()) {
            if (scenario.letter().equals(letter.trim().toLowerCase(Locale.ROOT))) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + letter + "': expected letters a to "
                + values()[values().length - 1].letter());
    }
}
