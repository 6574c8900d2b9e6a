package io.pgmux.it.apps;

import io.pgmux.testing.TestDatabase;

/** The Spring Boot sample app with the agent, straight to PostgreSQL. */
class SpringBootWithAgentIT extends TwoBootInstancesWithTheAgent {

    @Override
    String appJdbcUrl(TestDatabase db) {
        return db.jdbcUrl();
    }

    @Override
    String moreAgentArguments(TestDatabase db) {
        return "";
    }

    @Override
    boolean backendsShowTheirApp() {
        return true;
    }

    @Override
    String label() {
        return "direct";
    }
}
