package io.pgmux.logical;

import io.pgmux.pool.ServerPool;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.loading.MultipleParentClassLoader;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.InvocationHandlerAdapter;
import net.bytebuddy.matcher.ElementMatchers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app driver's own public interfaces on pgmux's JDBC objects, so that an app's casts work as on the driver's
 * objects: {@code (PGConnection) c}, {@code (PGStatement) st}, {@code (PGResultSetMetaData) md}. pgmux bundles no
 * driver and the app's may live in a class loader pgmux cannot see, so once per driver class loader this generates
 * subclasses of {@link LogicalConnection}, the statement classes and {@link DetachedResultSetMetaData} that also
 * implement that driver's interfaces; every interface method they do not already implement goes to
 * {@link DriverCalls}. They are defined in a class loader that sees both pgmux's classes and the driver's. Where
 * the driver has no such interfaces (not pgjdbc), or generation fails, the plain classes serve.
 */
final class DriverInterfaces {
    private static final Logger log = LoggerFactory.getLogger(DriverInterfaces.class);
    static final String CONNECTION = "org.postgresql.PGConnection";
    static final String STATEMENT = "org.postgresql.PGStatement";
    static final String METADATA = "org.postgresql.PGResultSetMetaData";
    private static final String UTILS = "org.postgresql.core.Utils";
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodType CONNECTION_CONSTRUCTOR = MethodType.methodType(void.class, ServerPool.class);
    private static final MethodType STATEMENT_CONSTRUCTOR = MethodType.methodType(void.class,
            LogicalConnection.class, int.class, int.class, int.class);
    private static final MethodType PREPARED_CONSTRUCTOR = MethodType.methodType(void.class,
            LogicalConnection.class, String.class, int.class, int.class, int.class, GeneratedKeys.class);
    private static final MethodType CALLABLE_CONSTRUCTOR = MethodType.methodType(void.class,
            LogicalConnection.class, String.class, int.class, int.class, int.class);
    private static final MethodType METADATA_CONSTRUCTOR = MethodType.methodType(void.class, int.class);

    static final DriverInterfaces PLAIN = plain();

    /** By any class of the driver (its connection, its result-set metadata): the interfaces its class loader has. */
    private static final ClassValue<DriverInterfaces> BY_DRIVER_CLASS = new ClassValue<>() {
        @Override
        protected DriverInterfaces computeValue(Class<?> driverClass) {
            Class<?> connection = load(CONNECTION, driverClass.getClassLoader());
            return connection == null || !connection.isAssignableFrom(driverClass) && !isMetaData(driverClass, connection)
                    ? PLAIN : BY_INTERFACE.get(connection);
        }
    };

    /** Generated once per driver, whichever of its classes asked first. */
    private static final ClassValue<DriverInterfaces> BY_INTERFACE = new ClassValue<>() {
        @Override
        protected DriverInterfaces computeValue(Class<?> connectionInterface) {
            try {
                return generate(connectionInterface);
            } catch (RuntimeException | LinkageError | ReflectiveOperationException e) {
                log.warn("pgmux: cannot give logical connections the interfaces of the driver in {} ({}); casts to"
                        + " {} will fail, unwrap(...) still works", connectionInterface.getClassLoader(), e, CONNECTION);
                return PLAIN;
            }
        }
    };

    /** The driver's interfaces; null for the plain classes. */
    final Class<?> connectionInterface;
    final Class<?> statementInterface;
    final Class<?> metaDataInterface;
    private final MethodHandle newConnection;
    private final MethodHandle newStatement;
    private final MethodHandle newPrepared;
    private final MethodHandle newCallable;
    private final MethodHandle newMetaData;
    /** {@code (Statement) long} and {@code (Statement) boolean} on the driver's statements; null for plain. */
    private final MethodHandle lastOid;
    private final MethodHandle usesServerPrepare;
    /** {@code (ResultSetMetaData, int) String/int} on the driver's metadata; null for plain. */
    private final MethodHandle baseColumnName;
    private final MethodHandle baseTableName;
    private final MethodHandle baseSchemaName;
    private final MethodHandle format;
    /** The driver's static escaping, as its connection uses it; null where it has none. */
    private final MethodHandle escapeIdentifier;
    private final MethodHandle escapeLiteral;

    private DriverInterfaces(Class<?> connectionInterface, Class<?> statementInterface, Class<?> metaDataInterface,
                             MethodHandle[] constructors, MethodHandle[] driverMethods) {
        this.connectionInterface = connectionInterface;
        this.statementInterface = statementInterface;
        this.metaDataInterface = metaDataInterface;
        this.newConnection = constructors[0];
        this.newStatement = constructors[1];
        this.newPrepared = constructors[2];
        this.newCallable = constructors[3];
        this.newMetaData = constructors[4];
        this.lastOid = driverMethods[0];
        this.usesServerPrepare = driverMethods[1];
        this.baseColumnName = driverMethods[2];
        this.baseTableName = driverMethods[3];
        this.baseSchemaName = driverMethods[4];
        this.format = driverMethods[5];
        this.escapeIdentifier = driverMethods[6];
        this.escapeLiteral = driverMethods[7];
    }

    /** The interfaces of the driver that {@code driverClass} (its connection or metadata class) belongs to. */
    static DriverInterfaces of(Class<?> driverClass) {
        return driverClass == null ? PLAIN : BY_DRIVER_CLASS.get(driverClass);
    }

    boolean isPlain() {
        return connectionInterface == null;
    }

    // ---- factories: as cheap as the constructors they stand for ----------------------------------------

    LogicalConnection newConnection(ServerPool pool) {
        try {
            return (LogicalConnection) newConnection.invokeExact(pool);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    LogicalStatement newStatement(LogicalConnection c, int type, int concurrency, int holdability) throws SQLException {
        try {
            return (LogicalStatement) newStatement.invokeExact(c, type, concurrency, holdability);
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    LogicalPreparedStatement newPrepared(LogicalConnection c, String sql, int type, int concurrency, int holdability,
                                         GeneratedKeys keys) throws SQLException {
        try {
            return (LogicalPreparedStatement) newPrepared.invokeExact(c, sql, type, concurrency, holdability, keys);
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    LogicalCallableStatement newCallable(LogicalConnection c, String sql, int type, int concurrency, int holdability)
            throws SQLException {
        try {
            return (LogicalCallableStatement) newCallable.invokeExact(c, sql, type, concurrency, holdability);
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    DetachedResultSetMetaData newMetaData(int columns) {
        try {
            return (DetachedResultSetMetaData) newMetaData.invokeExact(columns);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the driver's own objects -----------------------------------------------------------------------

    /** True where {@code st} is one of the driver's statements, whose facts can be read before it closes. */
    boolean isDriverStatement(Statement st) {
        return statementInterface != null && statementInterface.isInstance(st);
    }

    long lastOid(Statement driverStatement) throws SQLException {
        try {
            return (long) lastOid.invokeExact(driverStatement);
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    boolean usesServerPrepare(Statement driverStatement) {
        try {
            return (boolean) usesServerPrepare.invokeExact(driverStatement);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** True where {@code md} is the driver's, with base names and formats to copy. */
    boolean hasBaseFacts(ResultSetMetaData md) {
        return metaDataInterface != null && metaDataInterface.isInstance(md);
    }

    String baseColumnName(ResultSetMetaData md, int column) throws SQLException {
        return text(baseColumnName, md, column);
    }

    String baseTableName(ResultSetMetaData md, int column) throws SQLException {
        return text(baseTableName, md, column);
    }

    String baseSchemaName(ResultSetMetaData md, int column) throws SQLException {
        return text(baseSchemaName, md, column);
    }

    int format(ResultSetMetaData md, int column) throws SQLException {
        try {
            return (int) format.invokeExact(md, column);
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(MethodHandle fact, ResultSetMetaData md, int column) throws SQLException {
        try {
            return (String) fact.invokeExact(md, column);
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The driver's escaping without a connection; null where this driver version has none to call. */
    String escapeIdentifier(String identifier) throws SQLException {
        if (escapeIdentifier == null) {
            return null;
        }
        try {
            return ((StringBuilder) escapeIdentifier.invokeExact((StringBuilder) null, identifier)).toString();
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    String escapeLiteral(String literal, boolean standardConformingStrings) throws SQLException {
        if (escapeLiteral == null) {
            return null;
        }
        try {
            return ((StringBuilder) escapeLiteral.invokeExact((StringBuilder) null, literal, standardConformingStrings))
                    .toString();
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- generation -------------------------------------------------------------------------------------

    private static DriverInterfaces plain() {
        try {
            MethodHandle[] constructors = {
                    constructor(LogicalConnection.class, LogicalConnection.class, CONNECTION_CONSTRUCTOR),
                    constructor(LogicalStatement.class, LogicalStatement.class, STATEMENT_CONSTRUCTOR),
                    constructor(LogicalPreparedStatement.class, LogicalPreparedStatement.class, PREPARED_CONSTRUCTOR),
                    constructor(LogicalCallableStatement.class, LogicalCallableStatement.class, CALLABLE_CONSTRUCTOR),
                    constructor(DetachedResultSetMetaData.class, DetachedResultSetMetaData.class, METADATA_CONSTRUCTOR)};
            return new DriverInterfaces(null, null, null, constructors, new MethodHandle[8]);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static DriverInterfaces generate(Class<?> connectionInterface) throws ReflectiveOperationException {
        ClassLoader driverLoader = connectionInterface.getClassLoader();
        Class<?> statementInterface = load(STATEMENT, driverLoader);
        Class<?> metaDataInterface = load(METADATA, driverLoader);
        ClassLoader parent = definingParent(driverLoader, connectionInterface);
        MethodHandle[] constructors = {
                generated(LogicalConnection.class, connectionInterface, parent, CONNECTION_CONSTRUCTOR),
                generated(LogicalStatement.class, statementInterface, parent, STATEMENT_CONSTRUCTOR),
                generated(LogicalPreparedStatement.class, statementInterface, parent, PREPARED_CONSTRUCTOR),
                generated(LogicalCallableStatement.class, statementInterface, parent, CALLABLE_CONSTRUCTOR),
                generated(DetachedResultSetMetaData.class, metaDataInterface, parent, METADATA_CONSTRUCTOR)};
        MethodHandle[] driverMethods = new MethodHandle[8];
        if (statementInterface != null) {
            driverMethods[0] = on(statementInterface, "getLastOID", long.class).asType(
                    MethodType.methodType(long.class, Statement.class));
            driverMethods[1] = on(statementInterface, "isUseServerPrepare", boolean.class).asType(
                    MethodType.methodType(boolean.class, Statement.class));
        }
        if (metaDataInterface != null) {
            MethodType string = MethodType.methodType(String.class, ResultSetMetaData.class, int.class);
            driverMethods[2] = on(metaDataInterface, "getBaseColumnName", String.class, int.class).asType(string);
            driverMethods[3] = on(metaDataInterface, "getBaseTableName", String.class, int.class).asType(string);
            driverMethods[4] = on(metaDataInterface, "getBaseSchemaName", String.class, int.class).asType(string);
            driverMethods[5] = on(metaDataInterface, "getFormat", int.class, int.class).asType(
                    MethodType.methodType(int.class, ResultSetMetaData.class, int.class));
        }
        Class<?> utils = load(UTILS, driverLoader);
        if (utils != null) {
            try {
                driverMethods[6] = MethodHandles.publicLookup().findStatic(utils, "escapeIdentifier",
                        MethodType.methodType(StringBuilder.class, StringBuilder.class, String.class));
                driverMethods[7] = MethodHandles.publicLookup().findStatic(utils, "escapeLiteral",
                        MethodType.methodType(StringBuilder.class, StringBuilder.class, String.class, boolean.class));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                // another driver version: escaping then asks the driver's connection
                driverMethods[6] = null;
                driverMethods[7] = null;
            }
        }
        log.debug("pgmux: logical connections implement {} of {}", connectionInterface.getName(), driverLoader);
        return new DriverInterfaces(connectionInterface, statementInterface, metaDataInterface, constructors, driverMethods);
    }

    private static MethodHandle on(Class<?> type, String name, Class<?> returns, Class<?>... parameters)
            throws ReflectiveOperationException {
        return MethodHandles.publicLookup().findVirtual(type, name, MethodType.methodType(returns, parameters));
    }

    /** The constructor of {@code type} (a subclass of {@code base}, or {@code base}) as a factory of {@code base}. */
    private static MethodHandle constructor(Class<?> type, Class<?> base, MethodType signature)
            throws ReflectiveOperationException {
        return LOOKUP.findConstructor(type, signature).asType(signature.changeReturnType(base));
    }

    private static MethodHandle generated(Class<?> base, Class<?> driverInterface, ClassLoader parent,
                                          MethodType signature) throws ReflectiveOperationException {
        return constructor(subclass(base, driverInterface, parent), base, signature);
    }

    /**
     * A public subclass of {@code base} that implements {@code driverInterface}: each interface method {@code base}
     * does not implement goes to {@link DriverCalls}. Named in a package of its own: its class loader is not
     * pgmux's, so it may use only what {@code base} makes public or protected.
     */
    private static Class<?> subclass(Class<?> base, Class<?> driverInterface, ClassLoader parent) {
        if (driverInterface == null) {
            return base;
        }
        return new ByteBuddy()
                .subclass(base, ConstructorStrategy.Default.IMITATE_SUPER_CLASS_OPENING)
                .name("io.pgmux.logical.driver." + base.getSimpleName() + "For" + driverInterface.getSimpleName())
                .modifiers(Visibility.PUBLIC)
                .implement(driverInterface)
                .method(ElementMatchers.isAbstract().and(ElementMatchers.isDeclaredBy(driverInterface)))
                .intercept(InvocationHandlerAdapter.of(DriverCalls.INSTANCE))
                .make()
                .load(parent, ClassLoadingStrategy.Default.WRAPPER)
                .getLoaded();
    }

    /** A class loader that sees pgmux's classes and the driver's, for the generated classes to be defined under. */
    private static ClassLoader definingParent(ClassLoader driverLoader, Class<?> connectionInterface) {
        ClassLoader pgmux = DriverInterfaces.class.getClassLoader();
        if (sees(driverLoader, LogicalConnection.class)) {
            return driverLoader;
        }
        if (sees(pgmux, connectionInterface)) {
            return pgmux;
        }
        return new MultipleParentClassLoader(Arrays.asList(driverLoader, pgmux));
    }

    private static boolean sees(ClassLoader loader, Class<?> type) {
        return load(type.getName(), loader) == type;
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static boolean isMetaData(Class<?> driverClass, Class<?> connectionInterface) {
        Class<?> metaData = load(METADATA, connectionInterface.getClassLoader());
        return metaData != null && metaData.isAssignableFrom(driverClass);
    }
}
