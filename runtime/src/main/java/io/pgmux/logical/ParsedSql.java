package io.pgmux.logical;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * A prepared statement's SQL as the driver sends it: JDBC escapes replaced, split into statements, each with
 * its {@code $n} placeholders. Parsed by the driver's own public parser ({@code org.postgresql.core.Parser}),
 * reached through the app driver's class loader, so that texts built from it match the driver's to the
 * character; no server connection is involved.
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

    private ParsedSql(String[] statements, int[][] bindPositions) {
        this.statements = statements;
        this.bindPositions = bindPositions;
    }

    /**
     * Parses {@code sql} as the driver does for a prepared statement, with a RETURNING clause for
     * {@code returningColumns} where the driver adds one; null where the driver's parser cannot be used.
     */
    static ParsedSql parse(Class<?> driverConnectionClass, String sql, String[] returningColumns) {
        DriverParser parser = PARSERS.get(driverConnectionClass);
        return parser == null ? null : parser.parse(sql, returningColumns, false);
    }

    /** How many statements the driver finds in {@code sql}, or -1 where its parser cannot be used. */
    static int statementCount(Class<?> driverConnectionClass, String sql) {
        DriverParser parser = PARSERS.get(driverConnectionClass);
        ParsedSql parsed = parser == null ? null : parser.parse(sql, null, false);
        return parsed == null ? -1 : parsed.statements.length;
    }

    /** Parses the SQL of a callable statement, whose call escape the driver turns into a query first. */
    static ParsedSql parseCall(Class<?> driverConnectionClass, String sql) {
        DriverParser parser = PARSERS.get(driverConnectionClass);
        return parser == null ? null : parser.parse(sql, null, true);
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

    /** The driver's static parser methods, looked up once per class loader. */
    private static final class DriverParser {
        private final Method replaceProcessing;
        private final Method parseJdbcSql;
        private final java.lang.reflect.Field nativeSql;
        private final java.lang.reflect.Field bindPositions;
        /** {@code modifyJdbcCall(sql, stdStrings, serverVersion, escapeSyntaxCallMode)} and the default mode, or null. */
        private final Method modifyJdbcCall;
        private final Object selectCallMode;

        private DriverParser(Method replaceProcessing, Method parseJdbcSql, java.lang.reflect.Field nativeSql,
                             java.lang.reflect.Field bindPositions, Method modifyJdbcCall, Object selectCallMode) {
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
                for (Method m : parser.getMethods()) {
                    // 42.3 and later take quoteReturningIdentifiers before the column names; 42.2 does not
                    if (m.getName().equals("parseJdbcSql") && (m.getParameterCount() == 7 || parse == null && m.getParameterCount() == 6)) {
                        parse = m;
                    }
                }
                if (parse == null) {
                    return null;
                }
                Method call = null;
                Object select = null;
                for (Method m : parser.getMethods()) {
                    if (m.getName().equals("modifyJdbcCall") && m.getParameterCount() == 4 && m.getParameterTypes()[3].isEnum()) {
                        call = m;
                        select = enumConstant(m.getParameterTypes()[3], "SELECT");
                    }
                }
                return new DriverParser(replace, parse, nativeQuery.getField("nativeSql"),
                        nativeQuery.getField("bindPositions"), call, select);
            } catch (ReflectiveOperationException | LinkageError e) {
                return null;
            }
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Object enumConstant(Class<?> type, String name) {
            return Enum.valueOf((Class<? extends Enum>) type, name);
        }

        ParsedSql parse(String sql, String[] returningColumns, boolean call) {
            String[] names = returningColumns == null ? new String[0] : returningColumns;
            try {
                // standard_conforming_strings is on in every supported PostgreSQL unless turned off
                String processed = (String) replaceProcessing.invoke(null, sql, true, true);
                if (call) {
                    if (modifyJdbcCall == null) {
                        return null;
                    }
                    // the driver's default escapeSyntaxCallMode, select, turns a call into the same query on every server
                    Object info = modifyJdbcCall.invoke(null, processed, true, 150000, selectCallMode);
                    processed = (String) info.getClass().getMethod("getSql").invoke(info);
                }
                Object queries = parseJdbcSql.getParameterCount() == 7
                        ? parseJdbcSql.invoke(null, processed, true, true, true, false, true, names)
                        : parseJdbcSql.invoke(null, processed, true, true, true, false, names);
                List<?> list = (List<?>) queries;
                String[] statements = new String[list.size()];
                int[][] binds = new int[list.size()][];
                for (int i = 0; i < statements.length; i++) {
                    statements[i] = (String) nativeSql.get(list.get(i));
                    binds[i] = (int[]) bindPositions.get(list.get(i));
                }
                return new ParsedSql(statements, binds);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    }
}
