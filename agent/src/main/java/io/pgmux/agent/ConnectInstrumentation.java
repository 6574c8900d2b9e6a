package io.pgmux.agent;

import io.pgmux.agent.logging.StderrLogging;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.sql.Driver;
import java.util.Map;
import java.util.Set;
import javax.sql.XADataSource;
import org.slf4j.event.Level;

/**
 * Routes every driver connect through the bootstrap bridge: advises {@code connect(String, Properties)} of each
 * {@code java.sql.Driver} and {@code getXAConnection} of each {@code javax.sql.XADataSource}, in classes loaded from
 * now on and in those already loaded.
 *
 * <p>A plain transformer with a byte-level pre-filter rather than Byte Buddy's {@code AgentBuilder}: Byte Buddy (some
 * 850 classes) is loaded only when the first class that may be a driver appears, not at JVM start-up, so the agent
 * adds little to the start-up of the app. Only a class whose constant pool holds the descriptor of
 * {@code connect(String, Properties)} or the name {@code getXAConnection} can declare those methods; such a class is
 * then described and advised by Byte Buddy ({@link AdviceWeaver}), which resolves its type hierarchy without loading it.
 *
 * <p>Where the app's connect calls enter, {@code DriverManager.getConnection} and pgjdbc's
 * {@code BaseDataSource.getConnection}, are advised too, so that a repeat connect skips them. DriverManager is a JDK
 * class, often loaded before the agent starts: it is retransformed then. Where that fails, connects through it keep
 * going through it, and the advice on {@code Driver.connect} serves them as before.
 */
final class ConnectInstrumentation implements ClassFileTransformer {
    static final String DRIVER_MANAGER = "java.sql.DriverManager";
    /** pgjdbc's base of PGSimpleDataSource and its other data sources, where their getConnection is declared. */
    static final String BASE_DATA_SOURCE = "org.postgresql.ds.common.BaseDataSource";
    private static final String DRIVER_MANAGER_FILE = DRIVER_MANAGER.replace('.', '/');
    private static final String BASE_DATA_SOURCE_FILE = BASE_DATA_SOURCE.replace('.', '/');
    private static final byte[] CONNECT_DESCRIPTOR =
            "(Ljava/lang/String;Ljava/util/Properties;)Ljava/sql/Connection;".getBytes(StandardCharsets.UTF_8);
    private static final byte[] XA_CONNECTION_METHOD = "getXAConnection".getBytes(StandardCharsets.UTF_8);
    /** pgmux itself and the JDK, which has no driver of its own. */
    private static final String[] IGNORED_PREFIXES = {"io/pgmux/", "java/", "javax/", "jdk/", "sun/", "com/sun/"};

    private final Instrumentation instrumentation;
    private final Module bridgeModule;

    private ConnectInstrumentation(Instrumentation instrumentation, Module bridgeModule) {
        this.instrumentation = instrumentation;
        this.bridgeModule = bridgeModule;
    }

    /**
     * @param bridge the bridge class as the bootstrap loader defines it: drivers in named modules get a read edge to
     *        its module, since the advice inlined into them calls it
     */
    static void install(Instrumentation instrumentation, Class<?> bridge) {
        ConnectInstrumentation transformer = new ConnectInstrumentation(instrumentation, bridge.getModule());
        instrumentation.addTransformer(transformer, true);
        transformer.retransformLoaded();
    }

    /** Drivers loaded before the agent started (attached to a running JVM, or loaded by another agent). */
    private void retransformLoaded() {
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (isEntryPoint(type.getName()) && instrumentation.isModifiableClass(type)) {
                try {
                    instrumentation.retransformClasses(type);
                } catch (Throwable e) {
                    couldNotInstrument(type.getName(), e);
                }
                continue;
            }
            if (type.isInterface() || type.getName().startsWith("io.pgmux.")
                    || !(Driver.class.isAssignableFrom(type) || XADataSource.class.isAssignableFrom(type))
                    || !instrumentation.isModifiableClass(type)) {
                continue;
            }
            try {
                instrumentation.retransformClasses(type);
            } catch (Throwable e) {
                couldNotInstrument(type.getName(), e);
            }
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || !isEntryPointFile(className)
                && (isIgnored(className) || !mayDeclareAdvisedMethod(classfileBuffer))) {
            return null;
        }
        try {
            byte[] advised = AdviceWeaver.INSTANCE.weave(loader, className.replace('/', '.'), classfileBuffer);
            if (advised != null) {
                ensureReadsBridge(module);
                StderrLogging.log(Level.DEBUG, "instrumented " + className.replace('/', '.'), null);
            }
            return advised;
        } catch (Throwable e) {
            couldNotInstrument(className.replace('/', '.'), e);
            return null;
        }
    }

    private static boolean isEntryPoint(String className) {
        return className.equals(DRIVER_MANAGER) || className.equals(BASE_DATA_SOURCE);
    }

    /** {@link #isEntryPoint} for a class file's internal name, without converting it. */
    private static boolean isEntryPointFile(String internalName) {
        return internalName.equals(DRIVER_MANAGER_FILE) || internalName.equals(BASE_DATA_SOURCE_FILE);
    }

    /** A driver that could not be advised keeps connecting as without the agent; say so. */
    private static void couldNotInstrument(String className, Throwable e) {
        if (isEntryPoint(className)) {
            StderrLogging.log(Level.WARN, "could not instrument " + className + "; connects through it run it as"
                    + " without the agent and are multiplexed at Driver.connect: " + e, e);
            return;
        }
        StderrLogging.log(Level.WARN, "could not instrument " + className + " (its connections will not be multiplexed): "
                + e, e);
    }

    private void ensureReadsBridge(Module module) {
        if (module != null && module.isNamed() && !module.canRead(bridgeModule)) {
            instrumentation.redefineModule(module, Set.of(bridgeModule), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }

    private static boolean isIgnored(String className) {
        for (String prefix : IGNORED_PREFIXES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static boolean mayDeclareAdvisedMethod(byte[] classFile) {
        return contains(classFile, CONNECT_DESCRIPTOR) || contains(classFile, XA_CONNECTION_METHOD);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        byte first = needle[0];
        int last = haystack.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
