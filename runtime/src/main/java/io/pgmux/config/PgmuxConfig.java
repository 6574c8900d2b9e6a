package io.pgmux.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of SPEC section 6, parsed and validated at once so that a mistake is reported at start-up with its key,
 * its value and what is allowed, never later in the middle of a request.
 */
public final class PgmuxConfig {
    public static final String PREFIX = "pgmux.";

    /** The tracked parameters of SPEC section 4, re-applied on every borrow. */
    public static final Set<String> DEFAULT_TRACKED_PARAMETERS = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(
            "search_path", "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout",
            "application_name", "timezone", "datestyle", "intervalstyle", "extra_float_digits")));

    private static final Pattern PARAMETER_NAME = Pattern.compile("[a-z_][a-z0-9_.]*");

    private final Map<String, String> raw;
    private final boolean enabled;
    private final List<HostAndPort> targets;
    private final HostAndPort target;
    private final TargetMode targetMode;
    private final boolean targetPreparedStatements;
    private final int poolSize;
    private final int poolMinIdle;
    private final int poolReserve;
    private final long poolReserveTimeoutMs;
    private final long poolAcquireTimeoutMs;
    private final long poolMaxLifetimeMs;
    private final long poolIdleTimeoutMs;
    private final int maxServerConnections;
    private final Pinning pinning;
    private final HostAndPort pinTarget;
    private final Set<String> trackedParameters;
    private final List<Pattern> include;
    private final List<Pattern> exclude;
    private final long leakThresholdMs;
    private final boolean jmx;
    private final int metricsPort;
    private final String metricsHost;
    private final boolean strict;
    private final String applicationName;
    private final String logLevel;
    private final List<StandbyAddress> standbys;
    private final long standbyMaxLagMs;
    private final boolean standbyAutocommitReads;
    private final long failoverWaitMs;

    private PgmuxConfig(Map<String, String> values) throws ConfigException {
        Parser p = new Parser(values);
        enabled = p.bool(Key.ENABLED);
        targets = p.hostAndPorts(Key.TARGET);
        target = targets.isEmpty() ? null : targets.get(0);
        String mode = p.choice(Key.TARGET_MODE, "transaction", "session", "direct");
        targetMode = mode != null ? TargetMode.valueOf(mode.toUpperCase(Locale.ROOT))
                : target != null ? TargetMode.TRANSACTION : TargetMode.DIRECT;
        targetPreparedStatements = p.bool(Key.TARGET_PREPARED_STATEMENTS);
        poolSize = (int) p.number(Key.POOL_SIZE, 1, 10_000);
        poolMinIdle = (int) p.number(Key.POOL_MIN_IDLE, 0, 10_000);
        poolReserve = (int) p.number(Key.POOL_RESERVE, 0, 10_000);
        poolReserveTimeoutMs = p.number(Key.POOL_RESERVE_TIMEOUT_MS, 0, Long.MAX_VALUE);
        poolAcquireTimeoutMs = p.number(Key.POOL_ACQUIRE_TIMEOUT_MS, 250, Long.MAX_VALUE);
        poolMaxLifetimeMs = p.zeroOrAtLeast(Key.POOL_MAX_LIFETIME_MS, 30_000);
        // pgmux closes idle pools itself, so it is not bound by HikariCP's 10 s floor
        poolIdleTimeoutMs = p.zeroOrAtLeast(Key.POOL_IDLE_TIMEOUT_MS, 100);
        maxServerConnections = p.text(Key.MAX_SERVER_CONNECTIONS) == null ? 0
                : (int) p.number(Key.MAX_SERVER_CONNECTIONS, 1, 1_000_000);
        pinning = Pinning.valueOf(p.choice(Key.PINNING, "pin", "warn", "fail").toUpperCase(Locale.ROOT));
        pinTarget = p.hostAndPort(Key.PIN_TARGET);
        trackedParameters = p.parameterNames(Key.TRACKED_PARAMETERS);
        include = p.globs(Key.INCLUDE);
        exclude = p.globs(Key.EXCLUDE);
        leakThresholdMs = p.number(Key.LEAK_THRESHOLD_MS, 0, Long.MAX_VALUE);
        jmx = p.bool(Key.JMX);
        String port = p.text(Key.METRICS_PORT);
        metricsPort = port == null ? 0 : (int) p.number(Key.METRICS_PORT, 1, 65_535);
        metricsHost = p.text(Key.METRICS_HOST);
        strict = p.bool(Key.STRICT);
        applicationName = p.text(Key.APPLICATION_NAME);
        logLevel = p.choice(Key.LOG_LEVEL, "error", "warn", "info", "debug", "trace");
        standbys = p.standbys(Key.STANDBY);
        standbyMaxLagMs = p.number(Key.STANDBY_MAX_LAG_MS, 0, 3_600_000);
        standbyAutocommitReads = p.bool(Key.STANDBY_AUTOCOMMIT_READS);
        failoverWaitMs = p.number(Key.FAILOVER_WAIT_MS, 0, 3_600_000);

        if (poolMinIdle > poolSize) {
            p.problem(Key.POOL_MIN_IDLE, String.valueOf(poolMinIdle), "at most pgmux.pool.size (" + poolSize + ")");
        }
        if (target == null && values.containsKey(Key.TARGET_MODE.name) && targetMode != TargetMode.DIRECT) {
            p.problem(Key.TARGET_MODE, values.get(Key.TARGET_MODE.name),
                    "'direct' unless pgmux.target names the pooler (host:port)");
        }
        p.rejectUnknownKeys();
        p.throwIfProblems();
        raw = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** All defaults: multiplexing straight to the host in each app's URL. */
    public static PgmuxConfig defaults() {
        try {
            return new PgmuxConfig(Map.of());
        } catch (ConfigException e) {
            throw new IllegalStateException("the defaults must be valid", e);
        }
    }

    /** Settings given as {@code pgmux.*} keys; keys without the prefix are accepted too. Anything else is an error. */
    public static PgmuxConfig parse(Map<String, String> values) throws ConfigException {
        Map<String, String> normalized = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            normalized.put(qualify(e.getKey()), e.getValue());
        }
        return new PgmuxConfig(normalized);
    }

    /** For {@code PgmuxDataSource}: the same keys as a {@link Properties}. */
    public static PgmuxConfig fromProperties(Properties properties) throws ConfigException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            values.put(name, properties.getProperty(name));
        }
        return parse(values);
    }

    /** A copy with one setting changed. */
    public PgmuxConfig with(String key, String value) throws ConfigException {
        Map<String, String> values = new LinkedHashMap<>(raw);
        values.put(qualify(key), value);
        return new PgmuxConfig(values);
    }

    static String qualify(String key) {
        String trimmed = key.trim();
        return trimmed.startsWith(PREFIX) ? trimmed : PREFIX + trimmed;
    }

    /** Every key pgmux knows, with the prefix. */
    public static List<String> knownKeys() {
        List<String> keys = new ArrayList<>();
        for (Key key : Key.values()) {
            keys.add(key.name);
        }
        return keys;
    }

    /** The effective value of every setting, defaults included, for the start-up line and the Agent MBean. */
    public Map<String, String> describe() {
        Map<String, String> effective = new LinkedHashMap<>();
        for (Key key : Key.values()) {
            if (key == Key.CONFIG) {
                continue;
            }
            String value = raw.getOrDefault(key.name, key.defaultValue);
            if (key == Key.TARGET_MODE && value == null) {
                value = targetMode.name().toLowerCase(Locale.ROOT);
            }
            effective.put(key.name, value == null ? "" : value);
        }
        return effective;
    }

    public boolean enabled() { return enabled; }
    /** The first of {@code pgmux.target}'s poolers. */
    public Optional<HostAndPort> target() { return Optional.ofNullable(target); }
    /** Every pooler of {@code pgmux.target}, in the order given; server connections spread over them. */
    public List<HostAndPort> targets() { return targets; }

    /** {@code pgmux.target} as a JDBC URL's host list ({@code h1:6432,h2:6432}); empty where unset. */
    public Optional<String> targetHosts() {
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder hosts = new StringBuilder();
        for (HostAndPort t : targets) {
            hosts.append(hosts.length() == 0 ? "" : ",").append(t);
        }
        return Optional.of(hosts.toString());
    }
    public TargetMode targetMode() { return targetMode; }
    public boolean targetPreparedStatements() { return targetPreparedStatements; }
    public int poolSize() { return poolSize; }
    public int poolMinIdle() { return poolMinIdle; }
    public int poolReserve() { return poolReserve; }
    public long poolReserveTimeoutMs() { return poolReserveTimeoutMs; }
    public long poolAcquireTimeoutMs() { return poolAcquireTimeoutMs; }
    public long poolMaxLifetimeMs() { return poolMaxLifetimeMs; }
    public long poolIdleTimeoutMs() { return poolIdleTimeoutMs; }
    /** The cap on server connections across all pools; 0 where there is none. */
    public int maxServerConnections() { return maxServerConnections; }
    public Pinning pinning() { return pinning; }
    public Optional<HostAndPort> pinTarget() { return Optional.ofNullable(pinTarget); }
    public Set<String> trackedParameters() { return trackedParameters; }
    public long leakThresholdMs() { return leakThresholdMs; }
    public boolean jmx() { return jmx; }
    /** The Prometheus port, or 0 where none is served. */
    public int metricsPort() { return metricsPort; }
    public String metricsHost() { return metricsHost; }
    public boolean strict() { return strict; }
    public Optional<String> applicationName() { return Optional.ofNullable(applicationName); }
    public String logLevel() { return logLevel; }
    /** The read-only servers of {@code pgmux.standby}, in the order given; empty where none. */
    public List<StandbyAddress> standbys() { return standbys; }
    public long standbyMaxLagMs() { return standbyMaxLagMs; }
    public boolean standbyAutocommitReads() { return standbyAutocommitReads; }
    public long failoverWaitMs() { return failoverWaitMs; }

    /** Whether a JDBC URL is multiplexed: it matches {@code pgmux.include} and not {@code pgmux.exclude}. */
    public boolean matches(String jdbcUrl) {
        if (jdbcUrl == null) {
            return false;
        }
        return anyMatches(include, jdbcUrl) && !anyMatches(exclude, jdbcUrl);
    }

    private static boolean anyMatches(List<Pattern> globs, String url) {
        for (Pattern glob : globs) {
            if (glob.matcher(url).matches()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return describe().toString();
    }

    /** The keys of SPEC section 6 with their defaults and what each allows. */
    enum Key {
        ENABLED("enabled", "true"),
        CONFIG("config", null),
        TARGET("target", null),
        TARGET_MODE("target.mode", null),
        TARGET_PREPARED_STATEMENTS("target.preparedStatements", "false"),
        POOL_SIZE("pool.size", "10"),
        POOL_MIN_IDLE("pool.minIdle", "2"),
        POOL_RESERVE("pool.reserve", "5"),
        POOL_RESERVE_TIMEOUT_MS("pool.reserveTimeoutMs", "3000"),
        POOL_ACQUIRE_TIMEOUT_MS("pool.acquireTimeoutMs", "30000"),
        POOL_MAX_LIFETIME_MS("pool.maxLifetimeMs", "1800000"),
        POOL_IDLE_TIMEOUT_MS("pool.idleTimeoutMs", "600000"),
        MAX_SERVER_CONNECTIONS("maxServerConnections", null),
        PINNING("pinning", "pin"),
        PIN_TARGET("pin.target", null),
        TRACKED_PARAMETERS("trackedParameters", String.join(",", DEFAULT_TRACKED_PARAMETERS)),
        INCLUDE("include", "jdbc:postgresql:*"),
        EXCLUDE("exclude", null),
        LEAK_THRESHOLD_MS("leakThresholdMs", "0"),
        JMX("jmx", "true"),
        METRICS_PORT("metrics.port", null),
        METRICS_HOST("metrics.host", "127.0.0.1"),
        STRICT("strict", "false"),
        APPLICATION_NAME("applicationName", null),
        LOG_LEVEL("log.level", "info"),
        STANDBY("standby", null),
        STANDBY_MAX_LAG_MS("standby.maxLagMs", "1000"),
        STANDBY_AUTOCOMMIT_READS("standby.autocommitReads", "false"),
        FAILOVER_WAIT_MS("failover.waitMs", "30000");

        final String name;
        final String defaultValue;

        Key(String suffix, String defaultValue) {
            this.name = PREFIX + suffix;
            this.defaultValue = defaultValue;
        }
    }

    /** Reads typed values, collecting every problem so that one start-up reports them all. */
    private static final class Parser {
        private final Map<String, String> values;
        private final List<String> problems = new ArrayList<>();

        Parser(Map<String, String> values) {
            this.values = values;
        }

        String text(Key key) {
            String value = values.get(key.name);
            if (value == null) {
                return key.defaultValue;
            }
            value = value.trim();
            return value.isEmpty() ? key.defaultValue : value;
        }

        boolean bool(Key key) {
            String value = text(key);
            if ("true".equalsIgnoreCase(value)) {
                return true;
            }
            if ("false".equalsIgnoreCase(value)) {
                return false;
            }
            problem(key, value, "true or false");
            return Boolean.parseBoolean(key.defaultValue);
        }

        long number(Key key, long min, long max) {
            String value = text(key);
            try {
                long n = Long.parseLong(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            problem(key, value, max == Long.MAX_VALUE ? "a whole number >= " + min
                    : "a whole number from " + min + " to " + max);
            return key.defaultValue == null ? min : Long.parseLong(key.defaultValue);
        }

        long zeroOrAtLeast(Key key, long min) {
            String value = text(key);
            try {
                long n = Long.parseLong(value);
                if (n == 0 || n >= min) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            problem(key, value, "0 (never) or a whole number of milliseconds >= " + min);
            return Long.parseLong(key.defaultValue);
        }

        String choice(Key key, String... allowed) {
            String value = text(key);
            if (value == null) {
                return null;
            }
            for (String option : allowed) {
                if (option.equalsIgnoreCase(value)) {
                    return option;
                }
            }
            problem(key, value, "one of " + String.join(", ", allowed));
            return key.defaultValue;
        }

        HostAndPort hostAndPort(Key key) {
            String value = text(key);
            if (value == null) {
                return null;
            }
            try {
                return HostAndPort.parse(value);
            } catch (IllegalArgumentException e) {
                problem(key, value, "host:port, e.g. 127.0.0.1:6432 (" + e.getMessage() + ")");
                return null;
            }
        }

        List<HostAndPort> hostAndPorts(Key key) {
            String value = text(key);
            if (value == null) {
                return List.of();
            }
            List<HostAndPort> list = new ArrayList<>();
            for (String item : value.split(",")) {
                if (item.trim().isEmpty()) {
                    continue;
                }
                try {
                    HostAndPort hostAndPort = HostAndPort.parse(item);
                    if (!list.contains(hostAndPort)) {
                        list.add(hostAndPort);
                    }
                } catch (IllegalArgumentException e) {
                    problem(key, item.trim(), "host:port, or several separated by commas, e.g. 127.0.0.1:6432 ("
                            + e.getMessage() + ")");
                }
            }
            return List.copyOf(list);
        }

        List<StandbyAddress> standbys(Key key) {
            String value = text(key);
            if (value == null) {
                return List.of();
            }
            List<StandbyAddress> standbys = new ArrayList<>();
            for (String item : value.split(",")) {
                if (item.trim().isEmpty()) {
                    continue;
                }
                try {
                    StandbyAddress standby = StandbyAddress.parse(item);
                    if (!standbys.contains(standby)) {
                        standbys.add(standby);
                    }
                } catch (IllegalArgumentException e) {
                    problem(key, item.trim(), "a comma-separated list of host:port[/database], e.g."
                            + " 10.0.0.2:5432 or 127.0.0.1:6432/app_standby (" + e.getMessage() + ")");
                }
            }
            return List.copyOf(standbys);
        }

        Set<String> parameterNames(Key key) {
            Set<String> names = new LinkedHashSet<>();
            for (String item : text(key).split(",")) {
                String name = item.trim().toLowerCase(Locale.ROOT);
                if (name.isEmpty()) {
                    continue;
                }
                if (!PARAMETER_NAME.matcher(name).matches()) {
                    problem(key, item.trim(), "a comma-separated list of PostgreSQL parameter names");
                    continue;
                }
                names.add(name);
            }
            return Collections.unmodifiableSet(names);
        }

        List<Pattern> globs(Key key) {
            String value = text(key);
            if (value == null) {
                return List.of();
            }
            List<Pattern> globs = new ArrayList<>();
            for (String item : value.split(",")) {
                String glob = item.trim();
                if (!glob.isEmpty()) {
                    globs.add(toPattern(glob));
                }
            }
            return List.copyOf(globs);
        }

        /** {@code *} matches any run of characters, {@code ?} one character; everything else is literal. */
        private static Pattern toPattern(String glob) {
            StringBuilder regex = new StringBuilder();
            int literalStart = 0;
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                if (c == '*' || c == '?') {
                    if (i > literalStart) {
                        regex.append(Pattern.quote(glob.substring(literalStart, i)));
                    }
                    regex.append(c == '*' ? ".*" : ".");
                    literalStart = i + 1;
                }
            }
            if (literalStart < glob.length()) {
                regex.append(Pattern.quote(glob.substring(literalStart)));
            }
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        }

        void rejectUnknownKeys() {
            Set<String> known = new LinkedHashSet<>(knownKeys());
            for (Map.Entry<String, String> e : values.entrySet()) {
                if (!known.contains(e.getKey())) {
                    problems.add("unknown key " + e.getKey() + "=" + e.getValue() + ": known keys are "
                            + String.join(", ", known) + suggestion(e.getKey(), known));
                }
            }
        }

        private static String suggestion(String key, Set<String> known) {
            for (String candidate : known) {
                if (candidate.equalsIgnoreCase(key)) {
                    return " (did you mean " + candidate + "? keys are case-sensitive)";
                }
            }
            return "";
        }

        void problem(Key key, String value, String allowed) {
            problems.add(key.name + "=" + value + " is not valid: expected " + allowed);
        }

        void throwIfProblems() throws ConfigException {
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
        }
    }
}
