package io.pgmux.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;

/**
 * Gives tests the shared {@link TestDatabase} as a parameter of constructors, lifecycle methods and test methods:
 * {@code @ExtendWith(TestDatabaseExtension.class)}.
 *
 * <p>The database is started before the test class is set up, so that a missing PostgreSQL or PgBouncer skips
 * the tests (JUnit reports parameter resolution errors as failures, never as skips). With
 * {@code -Dpgmux.it.require=true} it fails them instead; see {@link TestDatabases#shared()}.
 */
public final class TestDatabaseExtension
        implements ParameterResolver, BeforeAllCallback, BeforeEachCallback, TestInstancePreConstructCallback {

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        TestDatabases.shared();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        TestDatabases.shared();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        TestDatabases.shared();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return TestDatabases.shared();
    }
}
