package io.pgmux.agent;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.pgmux.agent.logging.StderrLogging;
import java.sql.Connection;
import java.sql.Driver;
import java.util.Properties;
import javax.sql.XADataSource;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.pool.TypePool;
import org.slf4j.event.Level;

/**
 * Inlines {@link DriverConnectAdvice} and {@link XaConnectionAdvice} into a class file, and the app-level connect
 * advice into {@code java.sql.DriverManager} and pgjdbc's {@code BaseDataSource}. The class keeps its shape (no new
 * fields or methods), as retransforming a loaded class requires.
 */
final class AdviceWeaver {
    /** Created on first use, so that Byte Buddy is loaded only once a class that may be a driver appears. */
    static final AdviceWeaver INSTANCE = new AdviceWeaver();

    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(InstrumentedType.Factory.Default.FROZEN)
            .with(VisibilityBridgeStrategy.Default.NEVER)
            .with(Implementation.Context.Disabled.Factory.INSTANCE);
    private final AsmVisitorWrapper connectAdvice = Advice.to(DriverConnectAdvice.class)
            .on(named("connect")
                    .and(takesArguments(String.class, Properties.class))
                    .and(returns(Connection.class))
                    .and(not(isAbstract())));
    private final AsmVisitorWrapper xaConnectionAdvice = Advice.to(XaConnectionAdvice.class)
            .on(named("getXAConnection").and(not(isAbstract())));

    private final AsmVisitorWrapper driverManagerAdvice;
    private final AsmVisitorWrapper driverManagerPropertiesAdvice;
    private final AsmVisitorWrapper deregisterAdvice = Advice.to(DeregisterDriverAdvice.class)
            .on(named("deregisterDriver").and(isStatic()).and(takesArguments(Driver.class)));
    private final AsmVisitorWrapper dataSourceConnectAdvice = Advice.to(DataSourceConnectAdvice.class)
            .on(named("getConnection").and(takesArguments(String.class, String.class)).and(returns(Connection.class))
                    .and(not(isStatic())));
    private final AsmVisitorWrapper dataSourceChangeAdvice = Advice.to(DataSourceChangeAdvice.class)
            .on(not(isStatic()).and(nameStartsWith("set").or(named("initializeFrom")).or(named("readBaseObject"))));

    private AdviceWeaver() {
        Advice.WithCustomMapping callerMapping = Advice.withCustomMapping()
                .bind(CallerClass.class, MethodInvocation.invoke(getCallerClass()), Class.class);
        driverManagerAdvice = callerMapping.to(DriverManagerConnectAdvice.class)
                .on(named("getConnection").and(isPublic()).and(isStatic())
                        .and(takesArguments(String.class).or(takesArguments(String.class, String.class, String.class))));
        driverManagerPropertiesAdvice = callerMapping.to(DriverManagerPropertiesConnectAdvice.class)
                .on(named("getConnection").and(isPublic()).and(isStatic())
                        .and(takesArguments(String.class, Properties.class)));
    }

    /**
     * {@code jdk.internal.reflect.Reflection.getCallerClass()}, which java.base exports to java.sql: what
     * DriverManager itself calls to find its caller.
     */
    private static MethodDescription.InDefinedShape getCallerClass() {
        try {
            return new MethodDescription.ForLoadedMethod(
                    Class.forName("jdk.internal.reflect.Reflection", false, null).getMethod("getCallerClass"));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this JVM has no jdk.internal.reflect.Reflection.getCallerClass()", e);
        }
    }

    /** @return the advised class file, or {@code null} where the class is neither a driver nor an XA data source */
    byte[] weave(ClassLoader loader, String className, byte[] classFile) {
        if (className.equals(ConnectInstrumentation.DRIVER_MANAGER) || className.equals(ConnectInstrumentation.BASE_DATA_SOURCE)) {
            return weaveEntryPoint(loader, className, classFile);
        }
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(className, classFile),
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
        TypeDescription type;
        boolean driver;
        boolean xaDataSource;
        try {
            type = TypePool.Default.of(locator).describe(className).resolve();
            driver = !type.isInterface() && type.isAssignableTo(Driver.class);
            xaDataSource = !type.isInterface() && type.isAssignableTo(XADataSource.class);
        } catch (RuntimeException e) {
            // a class that only calls connect (a pool) whose hierarchy its loader cannot fully show us: not a driver
            // we could advise anyway
            StderrLogging.log(Level.DEBUG, className + " is not instrumented: its type hierarchy cannot be resolved ("
                    + e + ")", null);
            return null;
        }
        if (!driver && !xaDataSource) {
            return null;
        }
        DynamicType.Builder<?> builder = byteBuddy.redefine(type, locator);
        if (driver) {
            builder = builder.visit(connectAdvice);
        }
        if (xaDataSource) {
            builder = builder.visit(xaConnectionAdvice);
        }
        return builder.make().getBytes();
    }

    /** {@code DriverManager} or pgjdbc's {@code BaseDataSource}: where the app's own connect calls enter. */
    private byte[] weaveEntryPoint(ClassLoader loader, String className, byte[] classFile) {
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(className, classFile),
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
        TypeDescription type = TypePool.Default.of(locator).describe(className).resolve();
        DynamicType.Builder<?> builder = byteBuddy.redefine(type, locator);
        if (className.equals(ConnectInstrumentation.DRIVER_MANAGER)) {
            builder = builder.visit(driverManagerAdvice).visit(driverManagerPropertiesAdvice).visit(deregisterAdvice);
        } else {
            builder = builder.visit(dataSourceConnectAdvice).visit(dataSourceChangeAdvice);
        }
        return builder.make().getBytes();
    }
}
