package io.pgmux.agent;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
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
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.pool.TypePool;
import org.slf4j.event.Level;

/**
 * Inlines {@link DriverConnectAdvice} and {@link XaConnectionAdvice} into a class file. The class keeps its shape
 * (no new fields or methods), as retransforming a loaded class requires.
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

    private AdviceWeaver() {
    }

    /** @return the advised class file, or {@code null} where the class is neither a driver nor an XA data source */
    byte[] weave(ClassLoader loader, String className, byte[] classFile) {
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
}
