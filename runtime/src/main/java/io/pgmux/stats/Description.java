package io.pgmux.stats;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** What JConsole shows for an MBean, attribute (on its getter) or operation; read by {@link DescribedMBean}. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@interface Description {
    String value();

    /** Names of the operation's parameters, in order, instead of p0, p1, ... */
    String[] parameters() default {};
}
