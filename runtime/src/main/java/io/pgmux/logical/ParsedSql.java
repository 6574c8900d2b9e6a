package io.pgmux.logical;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A prepared statement's SQL as the driver sends it: JDBC escapes replaced, split into statements, each with
 * its {@code $n} placeholders. Parsed by the driver's own public parser ({@code org.postgresql.core.Parser}),
 * reached through the app driver's class loader, so that what is built from it (the parameter count, the
 * statement's text) matches the driver's exactly; no server connection is involved.
 */
final class ParsedSql {
    /** The driver's parser per driver class; null where this driver has none that pgmux knows. */
    private static final ClassValue<DriverParser> PARSERS = new ClassValue<>() {
        @Override
        protected DriverParser computeValue(Class<?> driverConnectionClass) {
            return DriverParser.find(driverConnectionClass.getClassLoader());
        }
    };

    private final String[] statements;
    private final int[][] bindPositions;
    private final int parameterCount;
    private final boolean isFunction;

    private ParsedSql(String[] statements, int[][] bindPositions, boolean isFunction) {
        this.statements = statements;
        this.bindPositions = bindPositions;
        this.isFunction = isFunction;
        int count = 0;
        for (int[] binds : bindPositions) {
            count += binds.length;
        }
        this.parameterCount = count;
    }

    /**
     * Parses {@code sql} as the driver does when it prepares a statement, with a RETURNING clause for
     * {@code returningColumns} where the driver adds one; {@code call}: a callable statement's, whose call
     * escape the driver turns into a query first. Null where the driver's parser cannot be used.
     *
     * @throws SQLException the driver's own, where it refuses the SQL when the statement is prepared
     */
    static ParsedSql parse(Class<?> driverConnectionClass, String sql, String[] returningColumns, boolean call)
            throws SQLException {
        DriverParser parser = PARSERS.get(driverConnectionClass);
        return parser == null ? null : parser.parse(sql, returningColumns, call);
    }

    /** How many statements the driver finds in {@code sql}, or -1 where its parser cannot be used. */
    static int statementCount(Class<?> driverConnectionClass, String sql) throws SQLException {
        ParsedSql parsed = parse(driverConnectionClass, sql, null, false);
        return parsed == null ? -1 : parsed.statements.length;
    }

    /** A call the driver runs as a function (a call escape, or CALL): its executeUpdate answers 0. */
    boolean isFunction() {
        return isFunction;
    }

    /** The parameters the driver numbers: every placeholder of every statement. */
    int parameterCount() {
        return parameterCount;
    }

    interface Texts {
        String of(int index);
    }

    /** The statements joined as the driver joins them, each placeholder replaced by its parameter's text. */
    String render(Texts parameters) {
        StringBuilder sb = new StringBuilder();
        int index = 0;
        for (int s = 0; s < statements.length; s++) {
            if (s > 0) {
                sb.append(';');
            }
            String sql = statements[s];
            int[] binds = bindPositions[s];
            int from = 0;
            for (int b = 0; b < binds.length; b++) {
                sb.append(sql, from, binds[b]);
                sb.append(parameters.of(++index));
                from = binds[b] + 1 + Integer.toString(b + 1).length();
            }
            sb.append(sql, from, sql.length());
        }
        return sb.toString();
    }

    /** The driver's static parser methods, looked up once per class loader, and the SQL parsed lately. */
    private static final class DriverParser {
        /** Statements are prepared again and again with the same SQL: their parses are kept, a bounded number. */
        private static final int CACHE_CAPACITY = 1024;
        private static final int MAX_CACHED_SQL_LENGTH = 4096;

        private final Method replaceProcessing;
        private final Method parseJdbcSql;
        private final Field nativeSql;
        private final Field bindPositions;
        /** {@code modifyJdbcCall(sql, stdStrings, serverVersion, escapeSyntaxCallMode)} and its select mode, or null. */
        private final Method modifyJdbcCall;
        private final Object selectCallMode;
        private final ConcurrentHashMap<String, ParsedSql> statementCache = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, ParsedSql> callCache = new ConcurrentHashMap<>();

        private DriverParser(Method replaceProcessing, Method parseJdbcSql, Field nativeSql, Field bindPositions,
                             Method modifyJdbcCall, Object selectCallMode) {
            this.replaceProcessing = replaceProcessing;
            this.parseJdbcSql = parseJdbcSql;
            this.nativeSql = nativeSql;
            this.bindPositions = bindPositions;
            this.modifyJdbcCall = modifyJdbcCall;
            this.selectCallMode = selectCallMode;
        }

        static DriverParser find(ClassLoader loader) {
            try {
                Class<?> parser = Class.forName("org.postgresql.core.Parser", false, loader);
                Class<?> nativeQuery = Class.forName("org.postgresql.core.NativeQuery", false, loader);
                Method replace = parser.getMethod("replaceProcessing", String.class, boolean.class, boolean.class);
                Method parse = null;
                Method call = null;
                Object select = null;
                for (Method m : parser.getMethods()) {
                    // 42.3 and later take quoteReturningIdentifiers before the column names; 42.2 does not
                    if (m.getName().equals("parseJdbcSql") && (m.getParameterCount() == 7 || parse == null && m.getParameterCount() == 6)) {
                        parse = m;
                    } else if (m.getName().equals("modifyJdbcCall") && m.getParameterCount() == 4
                            && m.getParameterTypes()[3].isEnum()) {
                        call = m;
                        select = enumConstant(m.getParameterTypes()[3], "SELECT");
                    }
                }
                if (parse == null) {
                    return null;
                }
                return new DriverParser(replace, parse, nativeQuery.getField("nativeSql"),
                        nativeQuery.getField("bindPositions"), call, select);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Object enumConstant(Class<?> type, String name) {
            return Enum.valueOf((Class<? extends Enum>) type, name);
        }

        ParsedSql parse(String sql, String[] returningColumns, boolean call) throws SQLException {
            boolean cacheable = returningColumns == null && sql.length() <= MAX_CACHED_SQL_LENGTH;
            ConcurrentHashMap<String, ParsedSql> cache = call ? callCache : statementCache;
            ParsedSql parsed = cacheable ? cache.get(sql) : null;
            if (parsed == null) {
                parsed = parseNow(sql, returningColumns, call);
                if (parsed != null && cacheable) {
                    if (cache.size() >= CACHE_CAPACITY) {
                        cache.clear();
                    }
                    cache.put(sql, parsed);
                }
            }
            return parsed;
        }

        private ParsedSql parseNow(String sql, String[] returningColumns, boolean call) throws SQLException {
            String[] names = returningColumns == null ? new String[0] : returningColumns;
            try {
                // standard_conforming_strings is on in every supported PostgreSQL unless turned off
                String processed = (String) replaceProcessing.invoke(null, sql, true, true);
                boolean isFunction = false;
                if (call) {
                    if (modifyJdbcCall == null) {
                        return null;
                    }
                    // the driver's default escapeSyntaxCallMode, select, turns a call into the same query on every server
                    Object info = modifyJdbcCall.invoke(null, processed, true, 150000, selectCallMode);
                    processed = (String) info.getClass().getMethod("getSql").invoke(info);
                    isFunction = (Boolean) info.getClass().getMethod("isFunction").invoke(info);
                }
                List<?> queries = (List<?>) (parseJdbcSql.getParameterCount() == 7
                        ? parseJdbcSql.invoke(null, processed, true, true, true, false, true, names)
                        : parseJdbcSql.invoke(null, processed, true, true, true, false, names));
                String[] statements = new String[queries.size()];
                int[][] binds = new int[queries.size()][];
                for (int i = 0; i < statements.length; i++) {
                    statements[i] = (String) nativeSql.get(queries.get(i));
                    binds[i] = (int[]) bindPositions.get(queries.get(i));
                }
                return new ParsedSql(statements, binds, isFunction);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof SQLException) {
                    throw (SQLException) e.getCause();
                }
                return null;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    }
}
