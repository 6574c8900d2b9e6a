package io.pgmux.testing;

import java.security.SecureRandom;
import java.util.List;

/** Names and fresh random passwords of the harness's users; alphanumeric so they need no quoting anywhere. */
record Credentials(String superuser, String superuserPassword, String user, String password,
                   String otherUser, String otherPassword) {

    static final String DATABASE = "pgmux";

    static Credentials generate() {
        return new Credentials("postgres", randomPassword(), "pgmux", randomPassword(), "pgmux_other", randomPassword());
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    /** Creates the test users and database; run as superuser in the maintenance database. */
    List<String> provisioningSql() {
        // one statement at a time: CREATE DATABASE refuses to run in a pipeline or transaction
        return List.of("SET password_encryption = 'scram-sha-256'",
                "CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'",
                "CREATE ROLE " + otherUser + " LOGIN PASSWORD '" + otherPassword + "'",
                "CREATE DATABASE " + DATABASE + " OWNER " + user,
                "REVOKE ALL ON DATABASE " + DATABASE + " FROM PUBLIC",
                "GRANT CONNECT ON DATABASE " + DATABASE + " TO " + otherUser);
    }

    /** Rights inside the test database; run as superuser connected to it. */
    String schemaSql() {
        // before PostgreSQL 15 everyone may create in public; keep the second user to USAGE on every version
        return "REVOKE CREATE ON SCHEMA public FROM PUBLIC;"
                + "GRANT USAGE, CREATE ON SCHEMA public TO " + user + ";"
                + "GRANT USAGE ON SCHEMA public TO " + otherUser + ";";
    }
}
