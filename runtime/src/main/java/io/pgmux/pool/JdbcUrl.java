package io.pgmux.pool;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

/**
 * The parts of a {@code jdbc:postgresql:} URL that decide which pool serves it, read the way the driver
 * reads them: {@code //host[:port][,host[:port]...]/database?key=value&...} or {@code database?...};
 * URL parameters take precedence over the connect properties.
 */
public final class JdbcUrl {
    static final String PREFIX = "jdbc:postgresql:";
    private static final int DEFAULT_PORT = 5432;

    private final String url;
    private final String hosts;
    private final String database;
    private final String query;
    private final Properties properties;

    private JdbcUrl(String url, String hosts, String database, String query, Properties properties) {
        this.url = url;
        this.hosts = hosts;
        this.database = database;
        this.query = query;
        this.properties = properties;
    }

    public static JdbcUrl parse(String url, Properties info) throws java.sql.SQLException {
        if (url == null || !url.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new java.sql.SQLException("Not a PostgreSQL JDBC URL: " + url, "08001");
        }
        String rest = url.substring(PREFIX.length());
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q + 1);
        String path = q < 0 ? rest : rest.substring(0, q);
        String hosts;
        String database;
        if (path.startsWith("//")) {
            int slash = path.indexOf('/', 2);
            String authority = slash < 0 ? path.substring(2) : path.substring(2, slash);
            database = slash < 0 ? "" : decode(path.substring(slash + 1));
            hosts = normaliseHosts(authority);
        } else {
            hosts = "localhost:" + DEFAULT_PORT;
            database = decode(path);
        }
        Properties properties = new Properties();
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                properties.setProperty(name, info.getProperty(name));
            }
        }
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                properties.setProperty(key, value);
            }
        }
        if (database.isEmpty()) {
            // PostgreSQL's own default: the database named after the user
            database = properties.getProperty("user", "");
        }
        return new JdbcUrl(url, hosts, database, query, properties);
    }

    private static String normaliseHosts(String authority) {
        StringBuilder out = new StringBuilder();
        for (String host : authority.split(",")) {
            if (out.length() > 0) {
                out.append(',');
            }
            boolean bracketed = host.startsWith("[");
            int colon = bracketed ? host.indexOf("]:") + 1 : host.lastIndexOf(':');
            if (colon <= 0) {
                out.append(host.isEmpty() ? "localhost" : host).append(':').append(DEFAULT_PORT);
            } else {
                out.append(host);
            }
        }
        return out.toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static String decode(String s) {
        return s.indexOf('%') < 0 && s.indexOf('+') < 0 ? s : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    public String url() { return url; }
    /** {@code host:port[,host:port...]}, lower case. */
    public String hosts() { return hosts; }
    public String database() { return database; }
    /** The connect properties merged with the URL's parameters. */
    public Properties properties() { return properties; }
    public String user() { return properties.getProperty("user"); }
    public String password() { return properties.getProperty("password"); }

    /**
     * {@code url} without the query parameters named {@code names}: the driver lets a URL parameter win over a
     * connect property, so a setting pgmux must impose is taken out of the URL and passed as a property.
     */
    public static String withoutParameters(String url, java.util.Collection<String> names) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : url.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (pair.isEmpty() || names.contains(decode(eq < 0 ? pair : pair.substring(0, eq)))) {
                continue;
            }
            kept.append(kept.length() == 0 ? "" : "&").append(pair);
        }
        return url.substring(0, q) + (kept.length() == 0 ? "" : "?" + kept);
    }

    /** True where {@code url} has the query parameter {@code name}. */
    static boolean hasParameter(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return false;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (decode(eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The same URL pointing at another server. */
    public String withHost(String hostAndPort) {
        String db = url.substring(PREFIX.length());
        int q = db.indexOf('?');
        String path = q < 0 ? db : db.substring(0, q);
        String database = path.startsWith("//") ? (path.indexOf('/', 2) < 0 ? "" : path.substring(path.indexOf('/', 2) + 1)) : path;
        return PREFIX + "//" + hostAndPort + "/" + database + (query.isEmpty() ? "" : "?" + query);
    }

    /** Multi-host and primary-seeking settings, which make no sense for one standby server. */
    private static final List<String> HOST_CHOICE = List.of("targetServerType", "loadBalanceHosts", "hostRecheckSeconds");

    /**
     * The same connect at one other server, {@code hostAndPort}, and {@code database} there (a pooler's entry for a
     * standby may have another name); without the URL's and properties' choice among several hosts.
     */
    public JdbcUrl atServer(String hostAndPort, String database, Properties info) throws java.sql.SQLException {
        String moved = withoutParameters(withHost(hostAndPort), HOST_CHOICE);
        int q = moved.indexOf('?');
        String path = PREFIX + "//" + hostAndPort + "/" + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
        Properties props = new Properties();
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                if (!HOST_CHOICE.contains(name)) {
                    props.setProperty(name, info.getProperty(name));
                }
            }
        }
        return parse(q < 0 ? path : path + moved.substring(q), props);
    }
}
