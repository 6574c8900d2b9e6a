package io.pgmux.stats;

import java.lang.reflect.Method;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.StandardMBean;

/** A standard MBean whose descriptions and parameter names come from {@link Description} on its interface. */
final class DescribedMBean<T> extends StandardMBean {
    private final Class<T> type;

    DescribedMBean(T implementation, Class<T> type) {
        super(implementation, type, false);
        this.type = type;
    }

    static <T> DescribedMBean<T> of(T implementation, Class<T> type) {
        return new DescribedMBean<>(implementation, type);
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        Description d = type.getAnnotation(Description.class);
        return d == null ? super.getDescription(info) : d.value();
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        Description d = annotationOf(getter(info.getName()));
        return d == null ? super.getDescription(info) : d.value();
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        Description d = annotationOf(operation(info));
        return d == null ? super.getDescription(info) : d.value();
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        Description d = annotationOf(operation(op));
        return d != null && sequence < d.parameters().length ? d.parameters()[sequence] : super.getParameterName(op, param, sequence);
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return getParameterName(op, param, sequence);
    }

    @Override
    protected int getImpact(MBeanOperationInfo info) {
        return "void".equals(info.getReturnType()) ? MBeanOperationInfo.ACTION : MBeanOperationInfo.INFO;
    }

    private Method getter(String attribute) {
        for (String prefix : new String[] {"get", "is"}) {
            try {
                return type.getMethod(prefix + attribute);
            } catch (NoSuchMethodException e) {
                // try the other prefix
            }
        }
        return null;
    }

    private Method operation(MBeanOperationInfo info) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(info.getName()) && m.getParameterCount() == info.getSignature().length) {
                return m;
            }
        }
        return null;
    }

    private static Description annotationOf(Method m) {
        return m == null ? null : m.getAnnotation(Description.class);
    }
}
