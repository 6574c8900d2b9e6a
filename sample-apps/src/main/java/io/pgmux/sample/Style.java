package io.pgmux.sample;

import java.util.Locale;

/** How the app gets its connections: the ways real applications do it. */
enum Style {
    /** A new connection from {@code DriverManager} for every request. */
    DRIVERMANAGER,
    /** A new connection from {@code PGSimpleDataSource} for every request. */
    DATASOURCE,
    /** The app's own HikariCP pool, built from a JDBC URL so that it goes through the driver. */
    HIKARI,
    /** One {@code DriverManager} connection per thread, kept for the whole run. */
    HOLD,
    /** An Apache Commons DBCP2 pool that validates each connection it lends with a query. */
    DBCP2,
    /** A c3p0 pool that tests each connection it lends and retires connections after a few seconds. */
    C3P0;

    String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Style fromCliName(String name) throws BadArgumentException {
        for (Style style : values()) {
            if (style.cliName().equals(name)) {
                return style;
            }
        }
        throw new BadArgumentException("unknown STYLE '" + name + "': expected one of " + names());
    }

    static String names() {
        StringBuilder names = new StringBuilder();
        for (Style style : values()) {
            if (names.length() > 0) {
                names.append(", ");
            }
            names.append(style.cliName());
        }
        return names.toString();
    }
}
