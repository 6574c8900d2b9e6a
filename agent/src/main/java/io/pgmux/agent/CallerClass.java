package io.pgmux.agent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds an advice parameter to the caller of the advised caller-sensitive JDK method, as that method itself finds it
 * ({@code Reflection.getCallerClass()}, which the JVM answers without walking the stack). {@link AdviceWeaver} maps
 * it; only methods annotated {@code @CallerSensitive} may use it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@interface CallerClass {
}
