package io.pgmux.sample;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The parsed command line. */
final class Options {
    static final String USAGE = String.join("\n",
            "usage: java [-javaagent:...] -jar sample-apps.jar STYLE --url URL --user U --password P [options]",
            "  STYLE                 " + Style.names(),
            "  --url URL             JDBC URL of the database (jdbc:postgresql://...)",
            "  --user U              database user",
            "  --password P          database password",
            "  --threads N           concurrent request threads (default 1)",
            "  --duration S          seconds to run (default 10; with --requests, only an upper bound when given)",
            "  --requests N          stop after N requests in all threads (0: run none)",
            "  --warmup S            run requests for S seconds first, counted as errors only (default 0): the JIT",
            "                        compiles the hot paths before the measurement starts",
            "  --mode read|write     read: one autocommit point select; write: pgbench TPC-B-like transaction (default)",
            "  --read-only           with --mode read: each request sets its connection read-only and runs its select in a",
            "                        transaction (setReadOnly(true), setAutoCommit(false), commit, then both put back), as",
            "                        Spring's @Transactional(readOnly = true) does; pgmux sends such transactions to a standby",
            "  --app-pool-size N     size of the app's own pool for hikari, dbcp2 and c3p0 (default 10)",
            "  --idle-connections N  extra DriverManager connections opened at start and left idle (default 0)",
            "  --init                drop and recreate the pgbench tables before the run",
            "  --scale N             scale for --init: N branches, 10N tellers, 100000N accounts (default 1)",
            "Prints one JSON line on stdout; exits 0 where no request failed, 1 where any failed, 2 on bad arguments.");

    final Style style;
    final String url;
    final String user;
    final String password;
    final int threads;
    /** Seconds; null where the run is bounded by {@link #requests} alone. */
    final Double durationSeconds;
    /** Total requests; null where the run is bounded by {@link #durationSeconds} alone. */
    final Long requests;
    /** Seconds of requests before the measured run; their failures count, their latencies and number do not. */
    final double warmupSeconds;
    final Mode mode;
    final boolean readOnly;
    final int appPoolSize;
    final int idleConnections;
    final boolean init;
    final int scale;

    private Options(Builder b) {
        this.style = b.style;
        this.url = b.url;
        this.user = b.user;
        this.password = b.password;
        this.threads = b.threads;
        this.requests = b.requests;
        this.warmupSeconds = b.warmupSeconds;
        this.durationSeconds = b.durationSeconds != null ? b.durationSeconds : b.requests == null ? 10.0 : null;
        this.mode = b.mode;
        this.readOnly = b.readOnly;
        this.appPoolSize = b.appPoolSize;
        this.idleConnections = b.idleConnections;
        this.init = b.init;
        this.scale = b.scale;
    }

    /** Returns null where the arguments ask for help. */
    static Options parse(List<String> args) throws BadArgumentException {
        if (args.isEmpty()) {
            throw new BadArgumentException("missing STYLE: expected one of " + Style.names());
        }
        if (args.get(0).equals("--help") || args.get(0).equals("-h")) {
            return null;
        }
        Builder b = new Builder();
        b.style = Style.fromCliName(args.get(0));
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < args.size(); i++) {
            String option = args.get(i);
            if (!option.startsWith("--")) {
                throw new BadArgumentException("unexpected argument '" + option + "': only STYLE comes before the options");
            }
            if (!seen.add(option)) {
                throw new BadArgumentException(option + " is given twice");
            }
            if (option.equals("--init")) {
                b.init = true;
                continue;
            }
            if (option.equals("--read-only")) {
                b.readOnly = true;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new BadArgumentException(option + " needs a value");
            }
            String value = args.get(++i);
            switch (option) {
                case "--url":
                    if (!value.startsWith("jdbc:postgresql:")) {
                        throw new BadArgumentException("bad value for --url: '" + value + "': expected a jdbc:postgresql: URL");
                    }
                    b.url = value;
                    break;
                case "--user":
                    b.user = value;
                    break;
                case "--password":
                    b.password = value;
                    break;
                case "--threads":
                    b.threads = intAtLeast(option, value, 1);
                    break;
                case "--duration":
                    b.durationSeconds = positiveSeconds(option, value);
                    break;
                case "--warmup":
                    b.warmupSeconds = positiveSeconds(option, value);
                    break;
                case "--requests":
                    b.requests = (long) intAtLeast(option, value, 0);
                    break;
                case "--mode":
                    b.mode = Mode.fromCliName(value);
                    break;
                case "--app-pool-size":
                    b.appPoolSize = intAtLeast(option, value, 1);
                    break;
                case "--idle-connections":
                    b.idleConnections = intAtLeast(option, value, 0);
                    break;
                case "--scale":
                    b.scale = intAtLeast(option, value, 1);
                    break;
                default:
                    throw new BadArgumentException("unknown option " + option);
            }
        }
        require("--url", b.url);
        require("--user", b.user);
        require("--password", b.password);
        if (seen.contains("--scale") && !b.init) {
            throw new BadArgumentException("--scale applies only with --init");
        }
        if (b.readOnly && b.mode != Mode.READ) {
            throw new BadArgumentException("--read-only applies only with --mode read");
        }
        return new Options(b);
    }

    private static void require(String option, String value) throws BadArgumentException {
        if (value == null) {
            throw new BadArgumentException("missing " + option);
        }
    }

    private static int intAtLeast(String option, String value, int min) throws BadArgumentException {
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadArgumentException("bad value for " + option + ": '" + value + "': expected a whole number");
        }
        if (parsed < min) {
            throw new BadArgumentException("bad value for " + option + ": " + parsed + ": expected at least " + min);
        }
        return parsed;
    }

    private static double positiveSeconds(String option, String value) throws BadArgumentException {
        double parsed;
        try {
            parsed = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new BadArgumentException("bad value for " + option + ": '" + value + "': expected seconds");
        }
        if (!(parsed > 0) || Double.isInfinite(parsed)) {
            throw new BadArgumentException("bad value for " + option + ": '" + value + "': expected seconds above 0");
        }
        return parsed;
    }

    private static final class Builder {
        Style style;
        String url;
        String user;
        String password;
        int threads = 1;
        Double durationSeconds;
        Long requests;
        double warmupSeconds;
        Mode mode = Mode.WRITE;
        boolean readOnly;
        int appPoolSize = 10;
        int idleConnections;
        boolean init;
        int scale = 1;
    }
}
